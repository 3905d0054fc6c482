// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.manifest;

import jakarta.activation.DataHandler;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationLabel;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.CXiAssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Document;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.PatientInfo;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;

/**
 * XDS-I.b DocumentEntry and SubmissionSet metadata for one study's KOS manifest
 * (RAD-68, BRIEF section 5.2): formatCode = the KOS SOP Class, mimeType application/dicom,
 * referenceIdList with the Study Instance UID and the accession, eventCodeList with the
 * modalities. Affinity-domain codes use the values Connectathon tooling uses by default.
 */
public final class ManifestMetadata {
    static final Code FORMAT_KOS = code("1.2.840.10008.5.1.4.1.1.88.59", "Key Object Selection Document", "1.2.840.10008.2.6.1");
    static final Code CLASS_IMAGES = code("IMAGES", "Images", "1.3.6.1.4.1.19376.1.2.6.1");
    static final Code TYPE_IMAGING_STUDY = code("18748-4", "Diagnostic imaging study", "2.16.840.1.113883.6.1");
    static final Code CONFIDENTIALITY_NORMAL = code("N", "normal", "2.16.840.1.113883.5.25");
    static final Code FACILITY_HOSPITAL = code("22232009", "Hospital", "2.16.840.1.113883.6.96");
    static final Code PRACTICE_RADIOLOGY = code("394914008", "Radiology", "2.16.840.1.113883.6.96");
    static final String DICOM_MODALITY_SCHEME = "1.2.840.10008.2.16.4";
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    private static final DateTimeFormatter DTM = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    /** What the metadata needs to know about the study and its new manifest. */
    public record Input(
            String patientId, String patientIssuer, String patientName, String birthDate, String sex,
            String studyUid, String accessionNumber, String studyDate, String studyTime,
            Set<String> modalities, String kosSopInstanceUid, String repositoryUniqueId,
            String sourceOid, String replacedEntryUuid, Instant now) {}

    private ManifestMetadata() {}

    public static ProvideAndRegisterDocumentSet provideAndRegister(Input in, DataHandler kos, long size) {
        Identifiable patient = new Identifiable(in.patientId(), new AssigningAuthority(in.patientIssuer(), "ISO"));
        DocumentEntry entry = documentEntry(in, patient);
        entry.setSize(size);

        SubmissionSet set = new SubmissionSet();
        set.setEntryUuid(uuid());
        set.setUniqueId(oidFromUuid());
        set.setSourceId(in.sourceOid());
        set.setPatientId(patient);
        set.setSubmissionTime(DTM.format(in.now()));
        set.setContentTypeCode(TYPE_IMAGING_STUDY);
        set.setTitle(new LocalizedString("Imaging study manifest"));
        set.setAvailabilityStatus(AvailabilityStatus.APPROVED);

        ProvideAndRegisterDocumentSet request = new ProvideAndRegisterDocumentSet();
        request.setSubmissionSet(set);
        request.getDocuments().add(new Document(entry, kos));
        Association member = new Association(AssociationType.HAS_MEMBER, uuid(), set.getEntryUuid(), entry.getEntryUuid());
        member.setLabel(AssociationLabel.ORIGINAL);
        request.getAssociations().add(member);
        if (in.replacedEntryUuid() != null) {
            request.getAssociations().add(
                    new Association(AssociationType.REPLACE, uuid(), entry.getEntryUuid(), in.replacedEntryUuid()));
        }
        return request;
    }

    static DocumentEntry documentEntry(Input in, Identifiable patient) {
        DocumentEntry e = new DocumentEntry();
        e.setEntryUuid(uuid());
        e.setUniqueId(in.kosSopInstanceUid());
        e.setType(DocumentEntryType.STABLE);
        e.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        e.setPatientId(patient);
        e.setSourcePatientId(patient);
        PatientInfo info = new PatientInfo();
        info.getIds().add(patient);
        if (in.birthDate() != null && in.birthDate().matches("\\d{8}")) {
            info.setDateOfBirth(in.birthDate());
        }
        if (in.sex() != null && in.sex().matches("[MFOU]")) {
            info.setGender(in.sex());
        }
        e.setSourcePatientInfo(info);
        e.setMimeType("application/dicom");
        e.setFormatCode(FORMAT_KOS);
        e.setClassCode(CLASS_IMAGES);
        e.setTypeCode(TYPE_IMAGING_STUDY);
        e.getConfidentialityCodes().add(CONFIDENTIALITY_NORMAL);
        e.setHealthcareFacilityTypeCode(FACILITY_HOSPITAL);
        e.setPracticeSettingCode(PRACTICE_RADIOLOGY);
        e.setLanguageCode("en-US");
        e.setCreationTime(DTM.format(in.now()));
        e.setRepositoryUniqueId(in.repositoryUniqueId());
        e.setTitle(new LocalizedString("Imaging study manifest"));
        String start = serviceStart(in.studyDate(), in.studyTime());
        if (start != null) {
            e.setServiceStartTime(start);
        }
        e.getReferenceIdList().add(new ReferenceId(in.studyUid(), null, ReferenceId.ID_TYPE_STUDY_INSTANCE_ID));
        if (in.accessionNumber() != null && !in.accessionNumber().isBlank()) {
            // The accession's issuer is the local assigning authority unless the order says otherwise.
            CXiAssigningAuthority issuer = OID.matcher(in.patientIssuer()).matches()
                    ? new CXiAssigningAuthority(null, in.patientIssuer(), "ISO") : null;
            e.getReferenceIdList().add(new ReferenceId(in.accessionNumber(), issuer, ReferenceId.ID_TYPE_CODE_ACCESSION));
        }
        Set<String> modalities = new LinkedHashSet<>(in.modalities());
        for (String m : modalities) {
            if (m != null && !m.isBlank()) {
                e.getEventCodeList().add(code(m, m, DICOM_MODALITY_SCHEME));
            }
        }
        return e;
    }

    /** HL7 DTM from DICOM DA/TM, precision cut to whole units HL7 accepts. */
    static String serviceStart(String da, String tm) {
        if (da == null || !da.matches("\\d{8}")) {
            return null;
        }
        String t = tm == null ? "" : tm.replaceAll("[^0-9].*$", "");
        if (t.length() >= 6) {
            return da + t.substring(0, 6);
        }
        if (t.length() >= 4) {
            return da + t.substring(0, 4);
        }
        return da;
    }

    static Code code(String code, String display, String scheme) {
        return new Code(code, new LocalizedString(display), scheme);
    }

    static String uuid() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    /** A unique OID for the submission set (2.25 = UUID-derived OIDs, ISO/IEC 9834-8). */
    static String oidFromUuid() {
        UUID u = UUID.randomUUID();
        java.math.BigInteger hi = java.math.BigInteger.valueOf(u.getMostSignificantBits()).and(MASK);
        java.math.BigInteger lo = java.math.BigInteger.valueOf(u.getLeastSignificantBits()).and(MASK);
        return "2.25." + hi.shiftLeft(64).or(lo);
    }

    private static final java.math.BigInteger MASK = java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.ONE);
}
