// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.transform.stream.StreamSource;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.EbXMLFactory;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.EbXMLObjectLibrary;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLAssociation30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLExtrinsicObject30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLRegistryPackage30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.AssociationType1;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.ExtrinsicObjectType;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.RegistryPackageType;
import org.openehealth.ipf.commons.ihe.xds.core.transform.ebxml.AssociationTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.ebxml.DocumentEntryTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.ebxml.FolderTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.transform.ebxml.SubmissionSetTransformer;

/**
 * Serializes one registry object to its ebRIM 3.0 XML (rim:ExtrinsicObject, rim:RegistryPackage
 * or rim:Association) with IPF's metadata transformers and JAXB, and rebuilds it from there.
 * Thread-safe: transformers are stateless, marshallers are made per call.
 */
final class EbXmlCodec {
    private static final EbXMLFactory FACTORY = new EbXMLFactory30();
    private static final JAXBContext JAXB = context();

    private final DocumentEntryTransformer documentEntries = new DocumentEntryTransformer(FACTORY);
    private final SubmissionSetTransformer submissionSets = new SubmissionSetTransformer(FACTORY);
    private final FolderTransformer folders = new FolderTransformer(FACTORY);
    private final AssociationTransformer associations = new AssociationTransformer(FACTORY);

    String write(DocumentEntry entry) {
        var ebxml = (EbXMLExtrinsicObject30) documentEntries.toEbXML(entry, new EbXMLObjectLibrary());
        return marshal(EbXMLFactory30.RIM_FACTORY.createExtrinsicObject(ebxml.getInternal()));
    }

    String write(SubmissionSet set) {
        var ebxml = (EbXMLRegistryPackage30) submissionSets.toEbXML(set, new EbXMLObjectLibrary());
        return marshal(EbXMLFactory30.RIM_FACTORY.createRegistryPackage(ebxml.getInternal()));
    }

    String write(Folder folder) {
        var ebxml = (EbXMLRegistryPackage30) folders.toEbXML(folder, new EbXMLObjectLibrary());
        return marshal(EbXMLFactory30.RIM_FACTORY.createRegistryPackage(ebxml.getInternal()));
    }

    String write(Association association) {
        var ebxml = (EbXMLAssociation30) associations.toEbXML(association, new EbXMLObjectLibrary());
        return marshal(EbXMLFactory30.RIM_FACTORY.createAssociation(ebxml.getInternal()));
    }

    DocumentEntry readDocumentEntry(String xml) {
        var type = unmarshal(xml, ExtrinsicObjectType.class);
        return documentEntries.fromEbXML(new EbXMLExtrinsicObject30(type, new EbXMLObjectLibrary()));
    }

    SubmissionSet readSubmissionSet(String xml) {
        var type = unmarshal(xml, RegistryPackageType.class);
        return submissionSets.fromEbXML(new EbXMLRegistryPackage30(type, new EbXMLObjectLibrary()));
    }

    Folder readFolder(String xml) {
        var type = unmarshal(xml, RegistryPackageType.class);
        return folders.fromEbXML(new EbXMLRegistryPackage30(type, new EbXMLObjectLibrary()));
    }

    Association readAssociation(String xml) {
        var type = unmarshal(xml, AssociationType1.class);
        return associations.fromEbXML(new EbXMLAssociation30(type, new EbXMLObjectLibrary()));
    }

    private static String marshal(JAXBElement<?> element) {
        try {
            StringWriter out = new StringWriter(4096);
            var marshaller = JAXB.createMarshaller();
            marshaller.setProperty(jakarta.xml.bind.Marshaller.JAXB_FRAGMENT, Boolean.TRUE);
            marshaller.marshal(element, out);
            return out.toString();
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot serialize registry object", e);
        }
    }

    private static <T> T unmarshal(String xml, Class<T> type) {
        try {
            return JAXB.createUnmarshaller().unmarshal(new StreamSource(new StringReader(xml)), type).getValue();
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot read stored registry object", e);
        }
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(ExtrinsicObjectType.class, RegistryPackageType.class, AssociationType1.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
