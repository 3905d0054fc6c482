// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes the imaging manifest of RAD-68 (Provide and Register Imaging Document Set): a Key Object
 * Selection document, SOP Class 1.2.840.10008.5.1.4.1.1.88.59, with the TID 2010 "Manifest"
 * content (IHE RAD TF-3 4.68.4.1.2) and a Current Requested Procedure Evidence Sequence that says
 * where each series can be retrieved (Retrieve AE Title and Retrieve Location UID = the XDS
 * repository unique id). Explicit VR little endian, UTF-8 (ISO_IR 192) so any name survives.
 *
 * <pre>
 * KosWriter.write(manifest, Uids.newUid(), Uids.newUid(), Instant.now(), out);
 * </pre>
 */
public final class KosWriter {

    /** Key Object Selection Document Storage. */
    public static final String KOS_SOP_CLASS_UID = "1.2.840.10008.5.1.4.1.1.88.59";
    private static final String SERIES_NUMBER = "999";
    private static final String MANUFACTURER = "Imaging Exchange Gateway";
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss.SSS");

    private KosWriter() {
    }

    /** Writes the manifest as a Part 10 file to {@code out} (flushed, not closed). */
    public static void write(StudyManifest m, String kosSopInstanceUid, String kosSeriesInstanceUid, Instant contentTime,
            OutputStream out) throws IOException {
        Objects.requireNonNull(kosSopInstanceUid, "kosSopInstanceUid");
        Objects.requireNonNull(kosSeriesInstanceUid, "kosSeriesInstanceUid");
        Objects.requireNonNull(contentTime, "contentTime");
        try {
            AttributeList list = dataset(m, kosSopInstanceUid, kosSeriesInstanceUid, contentTime);
            OutputStream shielded = Part10Output.shielded(out);
            MetaHeaderWriter.write(shielded, MetaHeaderWriter.forInstance(KOS_SOP_CLASS_UID, kosSopInstanceUid,
                    TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, null));
            DicomOutputStream dos = new DicomOutputStream(shielded, null, TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN);
            list.write(dos);
            dos.flush();
        } catch (DicomException e) {
            throw new IOException("cannot encode the KOS manifest: " + e.getMessage(), e);
        }
    }

    private static AttributeList dataset(StudyManifest m, String sopInstanceUid, String seriesUid, Instant time)
            throws DicomException {
        ZonedDateTime t = time.atZone(ZoneId.systemDefault());
        DatasetBuilder b = new DatasetBuilder()
                .put(Tags.SPECIFIC_CHARACTER_SET, DatasetBuilder.UTF8_TERM)
                .put(0x00080012, DA.format(t)).put(0x00080013, TM.format(t))
                .put(Tags.SOP_CLASS_UID, KOS_SOP_CLASS_UID).put(Tags.SOP_INSTANCE_UID, sopInstanceUid)
                .put(Tags.STUDY_DATE, m.studyDate()).put(0x00080023, DA.format(t))
                .put(Tags.STUDY_TIME, m.studyTime()).put(0x00080033, TM.format(t))
                .put(Tags.ACCESSION_NUMBER, m.accessionNumber()).put(Tags.MODALITY, "KO")
                .put(0x00080070, MANUFACTURER).put(0x00080090, null)
                .putIfPresent(Tags.STUDY_DESCRIPTION, m.studyDescription())
                .put(Tags.PATIENT_NAME, m.patientName()).put(Tags.PATIENT_ID, m.patientId())
                .putIfPresent(Tags.ISSUER_OF_PATIENT_ID, m.issuerOfPatientId())
                .put(Tags.PATIENT_BIRTH_DATE, m.patientBirthDate()).put(Tags.PATIENT_SEX, m.patientSex())
                .put(Tags.STUDY_INSTANCE_UID, m.studyInstanceUid()).put(Tags.SERIES_INSTANCE_UID, seriesUid)
                .put(0x00200010, null).put(Tags.SERIES_NUMBER, SERIES_NUMBER).put(Tags.INSTANCE_NUMBER, "1")
                .put(0x0040A040, "CONTAINER").code(0x0040A043, "113030", "DCM", "Manifest")
                .put(0x0040A050, "SEPARATE");
        b.sequence(0x00081111); // Referenced Performed Procedure Step Sequence, type 2: empty
        if (m.issuerOfAccessionNumber() != null && !m.issuerOfAccessionNumber().isEmpty()) {
            issuer(DatasetBuilder.item(b.sequence(Tags.ISSUER_OF_ACCESSION_NUMBER_SEQUENCE)), m.issuerOfAccessionNumber());
        }
        if (m.accessionNumber() != null && !m.accessionNumber().isEmpty()) {
            referencedRequest(DatasetBuilder.item(b.sequence(0x0040A370)), m);
        }
        DatasetBuilder.item(b.sequence(0x0040A504)).put(0x00080105, "DCMR").put(0x0040DB00, "2010");
        evidence(b, m);
        content(b, m);
        return b.list();
    }

    /** Issuer of Accession Number: an OID goes into Universal Entity ID (type ISO), anything else is local. */
    private static void issuer(DatasetBuilder item, String issuer) throws DicomException {
        if (OID.matcher(issuer).matches()) {
            item.put(Tags.UNIVERSAL_ENTITY_ID, issuer).put(0x00400033, "ISO");
        } else {
            item.put(Tags.LOCAL_NAMESPACE_ENTITY_ID, issuer);
        }
    }

    private static void referencedRequest(DatasetBuilder item, StudyManifest m) throws DicomException {
        item.put(Tags.STUDY_INSTANCE_UID, m.studyInstanceUid()).put(Tags.ACCESSION_NUMBER, m.accessionNumber());
        SequenceAttribute issuerSeq = item.sequence(Tags.ISSUER_OF_ACCESSION_NUMBER_SEQUENCE);
        if (m.issuerOfAccessionNumber() != null && !m.issuerOfAccessionNumber().isEmpty()) {
            issuer(DatasetBuilder.item(issuerSeq), m.issuerOfAccessionNumber());
        }
        item.put(0x00402016, null).put(0x00402017, null).put(0x00401001, null).put(0x00321060, null);
        item.sequence(0x00321064); // Requested Procedure Code Sequence, type 2: empty
    }

    private static void evidence(DatasetBuilder b, StudyManifest m) throws DicomException {
        DatasetBuilder study = DatasetBuilder.item(b.sequence(Tags.CURRENT_REQUESTED_PROCEDURE_EVIDENCE_SEQUENCE));
        study.put(Tags.STUDY_INSTANCE_UID, m.studyInstanceUid());
        SequenceAttribute seriesSeq = study.sequence(Tags.REFERENCED_SERIES_SEQUENCE);
        for (ManifestSeries s : m.series()) {
            DatasetBuilder series = DatasetBuilder.item(seriesSeq)
                    .put(Tags.SERIES_INSTANCE_UID, s.seriesInstanceUid())
                    .putIfPresent(Tags.RETRIEVE_AE_TITLE, m.retrieveAeTitle())
                    .putIfPresent(Tags.RETRIEVE_LOCATION_UID, m.retrieveLocationUid());
            SequenceAttribute sops = series.sequence(Tags.REFERENCED_SOP_SEQUENCE);
            for (ManifestInstance i : s.instances()) {
                sopReference(DatasetBuilder.item(sops), i);
            }
        }
    }

    /** TID 2010: one CONTAINS item per instance, IMAGE for image storage SOP classes, COMPOSITE otherwise. */
    private static void content(DatasetBuilder b, StudyManifest m) throws DicomException {
        SequenceAttribute content = b.sequence(0x0040A730);
        for (ManifestSeries s : m.series()) {
            for (ManifestInstance i : s.instances()) {
                DatasetBuilder item = DatasetBuilder.item(content).put(0x0040A010, "CONTAINS")
                        .put(0x0040A040, SOPClass.isImageStorage(i.sopClassUid()) ? "IMAGE" : "COMPOSITE");
                sopReference(DatasetBuilder.item(item.sequence(Tags.REFERENCED_SOP_SEQUENCE)), i);
            }
        }
    }

    private static void sopReference(DatasetBuilder item, ManifestInstance i) throws DicomException {
        item.put(Tags.REFERENCED_SOP_CLASS_UID, i.sopClassUid()).put(Tags.REFERENCED_SOP_INSTANCE_UID, i.sopInstanceUid());
    }
}
