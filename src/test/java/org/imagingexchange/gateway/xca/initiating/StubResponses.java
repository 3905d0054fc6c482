// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.Marshaller;
import java.io.StringWriter;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorInfo;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Severity;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.transform.responses.QueryResponseTransformer;

/** ITI-38 answers of the stub partners, built with IPF's model and transformers. */
final class StubResponses {
    private static final Pattern PATIENT = Pattern.compile("'([^'^]+)\\^\\^\\^&amp;([0-9.]+)&amp;ISO'");

    private static final JAXBContext CONTEXT = context();

    private StubResponses() {}

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(AdhocQueryResponse.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A KOS DocumentEntry of one study as a community publishes it; {@code home} may be null (a faulty partner). */
    static DocumentEntry kos(String home, String repositoryUniqueId, String patientId, String issuer, String studyUid,
                             String modality) {
        DocumentEntry e = new DocumentEntry();
        e.setEntryUuid("urn:uuid:" + UUID.randomUUID());
        e.setUniqueId("2.25." + new java.math.BigInteger(UUID.randomUUID().toString().replace("-", ""), 16));
        e.setPatientId(new Identifiable(patientId, new AssigningAuthority(issuer)));
        e.setHomeCommunityId(home);
        e.setRepositoryUniqueId(repositoryUniqueId);
        e.setMimeType("application/dicom");
        e.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        e.setTitle(new LocalizedString("Imaging study manifest"));
        e.setServiceStartTime(Timestamp.fromHL7("20160601095804"));
        e.setFormatCode(new Code("1.2.840.10008.5.1.4.1.1.88.59", new LocalizedString("Key Object Selection Document"),
                "1.2.840.10008.2.6.1"));
        e.getEventCodeList().add(new Code(modality, new LocalizedString(modality), "DCM"));
        e.getReferenceIdList().add(new ReferenceId(studyUid, null, "urn:ihe:iti:xds:2016:studyInstanceUID"));
        return e;
    }

    static String queryResponse(List<DocumentEntry> entries) {
        QueryResponse r = new QueryResponse(Status.SUCCESS);
        r.getDocumentEntries().addAll(entries);
        return xml(r);
    }

    static String emptyQueryResponse() {
        return xml(new QueryResponse(Status.SUCCESS));
    }

    static String unknownPatient(String location) {
        QueryResponse r = new QueryResponse(Status.FAILURE);
        r.getErrors().add(new ErrorInfo(ErrorCode.UNKNOWN_PATIENT_ID, "unknown patient", Severity.ERROR, location, null));
        return xml(r);
    }

    /** The patient id (id part, authority) of the $XDSDocumentEntryPatientId parameter of a request envelope. */
    static String[] patientOf(String envelope) {
        Matcher m = PATIENT.matcher(envelope);
        return m.find() ? new String[] {m.group(1), m.group(2)} : null;
    }

    static String xml(QueryResponse r) {
        try {
            AdhocQueryResponse ebxml = new QueryResponseTransformer(new EbXMLFactory30()).toEbXML(r).getInternal();
            Marshaller m = CONTEXT.createMarshaller();
            m.setProperty(Marshaller.JAXB_FRAGMENT, true);
            StringWriter out = new StringWriter();
            m.marshal(ebxml, out);
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
