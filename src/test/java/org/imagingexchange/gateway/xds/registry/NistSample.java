// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import jakarta.xml.bind.JAXBContext;
import java.nio.file.Path;
import javax.xml.transform.stream.StreamSource;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLSubmitObjectsRequest30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.ProvideAndRegisterDocumentSetRequestType;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RegisterDocumentSetTransformer;

/** The NIST ids_2018-4801a expected RAD-68 KOS metadata (shared/ihe/samples), read with IPF. */
final class NistSample {
    private NistSample() {}

    static Path samples() {
        return Path.of(System.getProperty("gateway.shared.dir", "../shared"), "ihe", "samples");
    }

    /** The sample's SubmitObjectsRequest as an ITI-42 request (the sample carries no document). */
    static RegisterDocumentSet rad68KosMetadata() throws Exception {
        Path file = samples().resolve("nist-rad68-xdsi-kos-metadata-expected.xml");
        var body = JAXBContext.newInstance(ProvideAndRegisterDocumentSetRequestType.class).createUnmarshaller()
                .unmarshal(new StreamSource(file.toFile()), ProvideAndRegisterDocumentSetRequestType.class).getValue();
        return new RegisterDocumentSetTransformer(new EbXMLFactory30())
                .fromEbXML(new EbXMLSubmitObjectsRequest30(body.getSubmitObjectsRequest()));
    }
}
