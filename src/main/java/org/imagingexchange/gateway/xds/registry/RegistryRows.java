// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import java.time.Instant;
import java.util.List;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XDSMetaClass;

/**
 * Converts between IPF metadata objects and {@link RegistryObjectEntity} rows: fills the indexed
 * columns from the object (through {@link IndexValues}) plus its ebXML, and rebuilds objects from
 * rows with the row's availability status.
 */
final class RegistryRows {
    private final EbXmlCodec codec = new EbXmlCodec();

    RegistryObjectEntity row(DocumentEntry e, Instant now) {
        var row = common(new RegistryObjectEntity(ObjectKind.DOCUMENT_ENTRY, e.getEntryUuid(),
                e.getAvailabilityStatus(), codec.write(e), now), e);
        row.objectType = DocumentEntryType.toUuid(e.getType() == null ? DocumentEntryType.STABLE : e.getType());
        row.creationTime = IndexValues.instant(e.getCreationTime());
        row.serviceStartTime = IndexValues.instant(e.getServiceStartTime());
        row.serviceStopTime = IndexValues.instant(e.getServiceStopTime());
        row.classCode = IndexValues.code(e.getClassCode());
        row.typeCode = IndexValues.code(e.getTypeCode());
        row.formatCode = IndexValues.code(e.getFormatCode());
        row.practiceSettingCode = IndexValues.code(e.getPracticeSettingCode());
        row.facilityTypeCode = IndexValues.code(e.getHealthcareFacilityTypeCode());
        row.eventCodes = IndexValues.codeTokens(e.getEventCodeList());
        row.confidentialityCodes = IndexValues.codeTokens(e.getConfidentialityCodes());
        row.referenceIds = IndexValues.tokens(e.getReferenceIdList().stream().map(IndexValues::referenceId).toList());
        return row;
    }

    RegistryObjectEntity row(SubmissionSet s, Instant now) {
        var row = common(new RegistryObjectEntity(ObjectKind.SUBMISSION_SET, s.getEntryUuid(),
                s.getAvailabilityStatus(), codec.write(s), now), s);
        row.submissionTime = IndexValues.instant(s.getSubmissionTime());
        row.contentTypeCode = IndexValues.code(s.getContentTypeCode());
        row.sourceId = s.getSourceId();
        return row;
    }

    RegistryObjectEntity row(Folder f, Instant now) {
        var row = common(new RegistryObjectEntity(ObjectKind.FOLDER, f.getEntryUuid(),
                f.getAvailabilityStatus(), codec.write(f), now), f);
        row.submissionTime = IndexValues.instant(f.getLastUpdateTime());
        row.eventCodes = IndexValues.codeTokens(f.getCodeList());
        return row;
    }

    RegistryObjectEntity row(Association a, Instant now) {
        var row = new RegistryObjectEntity(ObjectKind.ASSOCIATION, a.getEntryUuid(),
                a.getAvailabilityStatus(), codec.write(a), now);
        row.sourceUuid = a.getSourceUuid();
        row.targetUuid = a.getTargetUuid();
        row.associationType = a.getAssociationType().getOpcode30();
        return row;
    }

    DocumentEntry documentEntry(RegistryObjectEntity row, String home) {
        return withState(codec.readDocumentEntry(row.ebxml), row, home);
    }

    SubmissionSet submissionSet(RegistryObjectEntity row, String home) {
        return withState(codec.readSubmissionSet(row.ebxml), row, home);
    }

    Folder folder(RegistryObjectEntity row, String home) {
        return withState(codec.readFolder(row.ebxml), row, home);
    }

    /** Associations have no home attribute in IPF's model (ebRIM puts it on the object, not here). */
    Association association(RegistryObjectEntity row) {
        Association a = codec.readAssociation(row.ebxml);
        a.setAvailabilityStatus(row.status);
        return a;
    }

    /** DocumentEntry rows with their objects, for refinements that need the whole entry. */
    List<DocumentEntry> documentEntries(List<RegistryObjectEntity> rows, String home) {
        return rows.stream().map(r -> documentEntry(r, home)).toList();
    }

    private static RegistryObjectEntity common(RegistryObjectEntity row, XDSMetaClass o) {
        row.logicalId = o.getLogicalUuid() == null ? o.getEntryUuid() : o.getLogicalUuid();
        row.uniqueId = o.getUniqueId();
        row.patientId = IndexValues.cx(o.getPatientId());
        return row;
    }

    private static <T extends XDSMetaClass> T withState(T object, RegistryObjectEntity row, String home) {
        object.setAvailabilityStatus(row.status == null ? AvailabilityStatus.APPROVED : row.status);
        object.setHomeCommunityId(home);
        return object;
    }
}
