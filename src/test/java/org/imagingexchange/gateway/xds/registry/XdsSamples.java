// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import jakarta.activation.DataHandler;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.UUID;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationLabel;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Author;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.CXiAssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Organization;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Person;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XcnName;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;

/**
 * The one place for XDS test data: XDS-I.b KOS manifest submissions built like a real RAD-68
 * (BRIEF 5.2, the NIST ids_2018-4801a metadata sample): mimeType application/dicom, formatCode
 * 1.2.840.10008.5.1.4.1.1.88.59 in 1.2.840.10008.2.6.1, classCode IMAGES, referenceIdList with
 * the Study Instance UID and the accession, eventCodeList MR in DCM. Symbolic ids, as a source sends.
 */
public final class XdsSamples {
    public static final String AFFINITY_DOMAIN = "1.3.6.1.4.1.21367.13.20.1000";
    public static final String HOME = "urn:oid:1.3.6.1.4.1.21367.13.70.101";
    public static final String REPOSITORY = "1.3.6.1.4.1.21367.13.80.1";
    public static final String SOURCE = "1.3.6.1.4.1.21367.13.90.1";
    public static final Code FORMAT_KOS = new Code("1.2.840.10008.5.1.4.1.1.88.59",
            new LocalizedString("Key Object Selection Document"), "1.2.840.10008.2.6.1");
    public static final Code CLASS_IMAGES = new Code("IMAGES", new LocalizedString("Images"), "1.3.6.1.4.1.19376.1.2.6.1");
    public static final Code TYPE_IMAGING = new Code("18748-4", new LocalizedString("Diagnostic imaging study"),
            "2.16.840.1.113883.6.1");
    public static final Code CONFIDENTIALITY_N = new Code("N", new LocalizedString("normal"), "2.16.840.1.113883.5.25");
    public static final Code FACILITY = new Code("22232009", new LocalizedString("Hospital"), "2.16.840.1.113883.6.96");
    public static final Code PRACTICE = new Code("394914008", new LocalizedString("Radiology"), "2.16.840.1.113883.6.96");
    public static final Code EVENT_MR = new Code("MR", new LocalizedString("Magnetic Resonance"), "DCM");
    public static final Code EVENT_CT = new Code("CT", new LocalizedString("Computed Tomography"), "DCM");

    private static final SecureRandom RANDOM = new SecureRandom();

    private XdsSamples() {}

    /** A patient id of the affinity domain nobody has used yet. */
    public static Identifiable newPatient() {
        return new Identifiable("P" + UUID.randomUUID().toString().substring(0, 8),
                new AssigningAuthority(AFFINITY_DOMAIN, "ISO"));
    }

    /** A patient the test registry's {@link PatientIdentityCheck} does not know. */
    public static Identifiable unknownPatient() {
        return new Identifiable("UNKNOWN" + UUID.randomUUID().toString().substring(0, 8),
                new AssigningAuthority(AFFINITY_DOMAIN, "ISO"));
    }

    public static PatientIdentityCheck knowsAllButUnknown() {
        return pid -> pid != null && pid.getId() != null && !pid.getId().startsWith("UNKNOWN");
    }

    /** A UUID-derived OID (2.25.x), as DICOM and XDS use for new uniqueIds. */
    public static String newUid() {
        return "2.25." + new BigInteger(120, RANDOM);
    }

    /** ITI-42 KOS submission: SubmissionSet, one DocumentEntry, HasMember (Original); with size/hash/repository. */
    public static RegisterDocumentSet kosRegistration(Identifiable patient, String studyUid, String kosUid) {
        RegisterDocumentSet request = new RegisterDocumentSet();
        request.setSubmissionSet(submissionSet(patient));
        DocumentEntry entry = kosEntry(patient, studyUid, kosUid);
        entry.setSize(1234L);
        entry.setHash("da39a3ee5e6b4b0d3255bfef95601890afd80709");
        entry.setRepositoryUniqueId(REPOSITORY);
        request.getDocumentEntries().add(entry);
        request.getAssociations().add(hasMember("SubmissionSet01", "Document01"));
        return request;
    }

    /** RAD-68 / ITI-41: the same, with the KOS content and without size/hash/repositoryUniqueId. */
    public static ProvideAndRegisterDocumentSet kosProvideAndRegister(Identifiable patient, String studyUid,
                                                                      String kosUid, DataHandler kos) {
        ProvideAndRegisterDocumentSet request = new ProvideAndRegisterDocumentSet();
        request.setSubmissionSet(submissionSet(patient));
        request.getDocuments().add(new Document(kosEntry(patient, studyUid, kosUid), kos));
        request.getAssociations().add(hasMember("SubmissionSet01", "Document01"));
        return request;
    }

    /** A relationship from the submission's Document01 to a registered entry. */
    public static Association relationship(AssociationType type, String targetUuid) {
        return new Association(type, "Relationship01", "Document01", targetUuid);
    }

    public static DocumentEntry kosEntry(Identifiable patient, String studyUid, String kosUid) {
        DocumentEntry e = new DocumentEntry();
        e.setEntryUuid("Document01");
        e.setUniqueId(kosUid);
        e.setPatientId(patient);
        e.setSourcePatientId(new Identifiable("IDS-" + patient.getId(), new AssigningAuthority("1.3.6.1.4.1.21367.1800", "ISO")));
        e.setMimeType("application/dicom");
        e.setFormatCode(FORMAT_KOS);
        e.setClassCode(CLASS_IMAGES);
        e.setTypeCode(TYPE_IMAGING);
        e.getConfidentialityCodes().add(CONFIDENTIALITY_N);
        e.setHealthcareFacilityTypeCode(FACILITY);
        e.setPracticeSettingCode(PRACTICE);
        e.getEventCodeList().add(EVENT_MR);
        e.getReferenceIdList().add(new ReferenceId(studyUid, null, ReferenceId.ID_TYPE_STUDY_INSTANCE_ID));
        e.getReferenceIdList().add(new ReferenceId("A" + kosUid.substring(kosUid.length() - 8),
                new CXiAssigningAuthority(null, "1.3.6.1.4.1.21367.13.202.2000", "ISO"), ReferenceId.ID_TYPE_CODE_ACCESSION));
        e.setCreationTime("20240315101500");
        e.setServiceStartTime("20240315093000");
        e.setServiceStopTime("20240315094500");
        e.setLanguageCode("en-US");
        e.setTitle(new LocalizedString("Imaging study manifest"));
        e.getAuthors().add(author("Radiology^Robert"));
        return e;
    }

    private static SubmissionSet submissionSet(Identifiable patient) {
        SubmissionSet s = new SubmissionSet();
        s.setEntryUuid("SubmissionSet01");
        s.setUniqueId(newUid());
        s.setSourceId(SOURCE);
        s.setPatientId(patient);
        s.setSubmissionTime("20240315102000");
        s.setContentTypeCode(TYPE_IMAGING);
        s.setTitle(new LocalizedString("Imaging study manifest"));
        s.getAuthors().add(author("Radiology^Robert"));
        return s;
    }

    private static Author author(String familyAndGiven) {
        String[] parts = familyAndGiven.split("\\^");
        Author author = new Author();
        author.setAuthorPerson(new Person(null, new XcnName(parts[0], parts[1], null, null, null, null)));
        author.getAuthorInstitution().add(new Organization("Imaging Department", null, null));
        return author;
    }

    private static Association hasMember(String source, String target) {
        Association a = new Association(AssociationType.HAS_MEMBER, "Association01", source, target);
        a.setLabel(AssociationLabel.ORIGINAL);
        return a;
    }
}
