// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.util.ArrayList;
import java.util.List;
import org.imagingexchange.gateway.audit.AuditEvent.DocumentRef;
import org.imagingexchange.gateway.audit.AuditEvent.StudyRef;
import org.openehealth.ipf.commons.audit.DefaultAuditContext;
import org.openehealth.ipf.commons.audit.codes.ActiveParticipantRoleIdCode;
import org.openehealth.ipf.commons.audit.codes.AuditSourceType;
import org.openehealth.ipf.commons.audit.codes.EventActionCode;
import org.openehealth.ipf.commons.audit.codes.EventOutcomeIndicator;
import org.openehealth.ipf.commons.audit.codes.EventTypeCode;
import org.openehealth.ipf.commons.audit.codes.ParticipantObjectIdTypeCode;
import org.openehealth.ipf.commons.audit.codes.ParticipantObjectTypeCode;
import org.openehealth.ipf.commons.audit.codes.ParticipantObjectTypeCodeRole;
import org.openehealth.ipf.commons.audit.event.ApplicationActivityBuilder;
import org.openehealth.ipf.commons.audit.event.DataImportBuilder;
import org.openehealth.ipf.commons.audit.event.SecurityAlertBuilder;
import org.openehealth.ipf.commons.audit.marshal.dicom.Current;
import org.openehealth.ipf.commons.audit.model.AuditMessage;
import org.openehealth.ipf.commons.audit.model.EventIdentificationType;
import org.openehealth.ipf.commons.audit.model.TypeValuePairType;
import org.openehealth.ipf.commons.audit.types.EventType;
import org.openehealth.ipf.commons.audit.types.MediaType;
import org.openehealth.ipf.commons.audit.types.PurposeOfUse;
import org.openehealth.ipf.commons.audit.utils.AuditUtils;
import org.openehealth.ipf.commons.ihe.core.atna.event.DefaultPHIExportBuilder;
import org.openehealth.ipf.commons.ihe.core.atna.event.DefaultPHIImportBuilder;
import org.openehealth.ipf.commons.ihe.core.atna.event.DefaultQueryInformationBuilder;
import org.openehealth.ipf.commons.ihe.core.atna.event.IHEAuditMessageBuilder;
import org.openehealth.ipf.commons.ihe.xds.core.audit.codes.XdsParticipantObjectIdTypeCode;
import org.openehealth.ipf.commons.ihe.xds.core.audit.event.DicomInstancesAccessedEventBuilder;
import org.openehealth.ipf.commons.ihe.xds.core.audit.event.DicomInstancesTransferredEventBuilder;

/**
 * Turns audit events into DICOM audit messages (PS3.15 A.5, schema dicom2017c) with IPF's
 * builders, and serializes them with IPF's current DICOM format:
 * <ul>
 * <li>queries (ITI-18, ITI-38): Query 110112, E, with the base64 AdhocQueryRequest;</li>
 * <li>documents (ITI-43, ITI-39, ITI-41, RAD-68): Export 110106 R by the side that hands the
 *     documents out, Import 110107 C by the side that takes them in;</li>
 * <li>images (RAD-69, RAD-75): DICOM Instances Transferred 110104 R by the Imaging Document
 *     Source / Responding Imaging Gateway, DICOM Instances Accessed 110103 C by the caller (IPF's
 *     Rad69/Rad75 audit strategies);</li>
 * <li>ingest (C-STORE, REST upload): DICOM Instances Transferred 110104 C;</li>
 * <li>rejected requests: Security Alert 110113; application start and stop: 110100.</li>
 * </ul>
 */
final class AuditMessages {
    static final String SECURITY_ALERT = "SECURITY-ALERT";
    static final String APPLICATION = "APPLICATION";

    private final DefaultAuditContext context;
    private final String applicationName;
    private final String localAddress;

    /**
     * @param auditSourceId    AuditSourceID (this gateway)
     * @param enterpriseSiteId AuditEnterpriseSiteID (its community)
     * @param applicationName  the application's UserID in alerts and application events
     * @param localAddress     this node's address as NetworkAccessPointID
     */
    AuditMessages(String auditSourceId, String enterpriseSiteId, String applicationName, String localAddress) {
        context = new DefaultAuditContext();
        context.setAuditEnabled(false); // IPF only builds; AuditService stores and sends
        context.setAuditSourceId(auditSourceId);
        context.setAuditEnterpriseSiteId(enterpriseSiteId);
        context.setAuditSource(AuditSourceType.ApplicationServerProcess);
        this.applicationName = applicationName;
        this.localAddress = localAddress;
    }

    String localAddress() {
        return localAddress;
    }

    /** One record, or two for a partial success (success and failure). */
    List<AuditRecord> records(AuditEvent event) {
        List<AuditRecord> records = new ArrayList<>();
        for (AuditEvent e : split(event)) {
            AuditMessage m = message(e);
            String remote = e.served() ? e.source().address() : e.destination().address();
            records.add(record(m, e.transaction().code(), e.partner(), remote, e.patientIds(), e.user(),
                    e.outcomeDescription()));
        }
        return records;
    }

    AuditRecord record(SecurityAlert alert) {
        var b = new SecurityAlertBuilder(EventOutcomeIndicator.SeriousFailure, alert.reason(), alert.type().code())
                .setAuditSource(context)
                .addReportingActiveParticipant(applicationName, AuditUtils.getProcessId(), null,
                        ActiveParticipantRoleIdCode.Application, localAddress, false);
        String performer = alert.user() != null ? alert.user().atnaUserName()
                : alert.remoteAddress() != null ? alert.remoteAddress() : context.getAuditValueIfMissing();
        b.addPerformingActiveParticipant(performer, null, alert.user() == null ? null : alert.user().atnaUserName(),
                null, alert.remoteAddress());
        if (alert.remoteAddress() != null || alert.endpoint() == null) {
            b.addAlertNodeSubjectParticipantObject(
                    alert.remoteAddress() != null ? alert.remoteAddress() : context.getAuditValueIfMissing(),
                    null, alert.reason());
        }
        if (alert.endpoint() != null) {
            b.addAlertUriSubjectParticipantObject(alert.endpoint(), null, alert.reason());
        }
        AuditMessage m = b.getMessage();
        m.getEventIdentification().setEventDateTime(alert.time());
        return record(m, SECURITY_ALERT, alert.partner(), alert.remoteAddress(), List.of(), alert.user(),
                alert.reason());
    }

    /**
     * Import (110107, action C) of an outside study (IRWF.b): the importing gateway, the source
     * (partner community or media), both patient identities and the studies stored.
     */
    AuditRecord importRecord(ImportAuditEvent e) {
        var b = new DataImportBuilder(e.success() ? EventOutcomeIndicator.Success : EventOutcomeIndicator.MajorFailure,
                e.description(), EventActionCode.Create, null);
        b.setAuditSource(context);
        b.addImportingParticipant(applicationName, AuditUtils.getProcessId(), null, localAddress, false);
        if (e.sourceCommunity() != null) {
            b.addSourceParticipant(e.sourceCommunity(), null, null, null, true);
        } else {
            b.setSourceMediaParticipant(e.mediaName() == null ? "media" : e.mediaName(), null, null, null, null, null,
                    MediaType.of("110037", "DCM", "URI"));
        }
        List<String> patients = new ArrayList<>();
        patients.add(e.localPatientCx());
        patients.addAll(e.originalPatientCx());
        patients.forEach(p -> b.addPatientParticipantObject(p, null, List.of(), null));
        e.studyUids().forEach(uid -> b.addStudyParticipantObject(uid, List.of()));
        AuditMessage m = b.getMessage();
        m.getEventIdentification().setEventDateTime(e.time());
        return record(m, Transaction.IMPORT.code(), e.sourceCommunity(), null, patients, null, e.description());
    }

    /** Application Activity (110100) with EventTypeCode Application Start or Stop. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    AuditRecord applicationActivity(boolean start) {
        ApplicationActivityBuilder b = new ApplicationActivityBuilder(EventOutcomeIndicator.Success,
                start ? EventTypeCode.ApplicationStart : EventTypeCode.ApplicationStop);
        b.setApplicationParticipant(applicationName, AuditUtils.getProcessId(), null, localAddress);
        b.setAuditSource(context);
        AuditMessage m = b.getMessage();
        return record(m, APPLICATION, null, null, List.of(), null, null);
    }

    static String xml(AuditMessage m) {
        return Current.toString(m, false).trim();
    }

    private AuditRecord record(AuditMessage m, String transaction, String partner, String remoteAddress,
                               List<String> patientIds, AuditUser user, String description) {
        m.validate();
        EventIdentificationType id = m.getEventIdentification();
        String type = id.getEventTypeCode().isEmpty() ? null : id.getEventTypeCode().get(0).getCode();
        return new AuditRecord(id.getEventDateTime(), id.getEventID().getCode(), id.getEventID().getOriginalText(),
                type, id.getEventActionCode().getValue(), id.getEventOutcomeIndicator().getValue(), transaction,
                partner, remoteAddress, patientIds, user, description, xml(m));
    }

    private AuditMessage message(AuditEvent e) {
        EventDataset d = new EventDataset(e, e.outcomeDescription());
        d.setEventOutcomeIndicator(e.outcome().indicator());
        PurposeOfUse[] purposes = e.user() == null ? new PurposeOfUse[0] : e.user().purposesOfUse().stream()
                .map(c -> PurposeOfUse.of(c.toCodedValue())).toArray(PurposeOfUse[]::new);
        EventType type = e.transaction().eventType();
        EventOutcomeIndicator outcome = e.outcome().indicator();
        String description = e.outcomeDescription();
        AuditMessage m = switch (e.transaction().kind()) {
            case QUERY -> query(e, d, type, purposes);
            case DOCUMENTS_OUT -> e.served() ? export(e, d, type, purposes) : importing(e, d, type, purposes);
            case DOCUMENTS_IN -> e.served() ? importing(e, d, type, purposes) : export(e, d, type, purposes);
            case INSTANCES_OUT -> e.served()
                    ? transferred(e, new DicomInstancesTransferredEventBuilder(context, d, outcome, description,
                            EventActionCode.Read, type, purposes))
                    : accessed(e, new DicomInstancesAccessedEventBuilder(context, d, outcome, description,
                            EventActionCode.Create, type, purposes));
            case INSTANCES_IN -> transferred(e, new DicomInstancesTransferredEventBuilder(context, d, outcome,
                    description, EventActionCode.Create, type, purposes));
        };
        m.getEventIdentification().setEventDateTime(e.time());
        return m;
    }

    private AuditMessage query(AuditEvent e, EventDataset d, EventType type, PurposeOfUse[] purposes) {
        var b = new DefaultQueryInformationBuilder(context, d, type, purposes).addPatients(e.patientIds());
        if (e.query() != null) {
            List<TypeValuePairType> details = new ArrayList<>();
            details.add(new TypeValuePairType(IHEAuditMessageBuilder.QUERY_ENCODING, "UTF-8"));
            if (e.query().homeCommunityId() != null) {
                details.add(new TypeValuePairType(IHEAuditMessageBuilder.URN_IHE_ITI_XCA_2010_HOME_COMMUNITY_ID,
                        e.query().homeCommunityId()));
            }
            var idType = e.transaction() == Transaction.ITI_38
                    ? XdsParticipantObjectIdTypeCode.CrossGatewayQuery
                    : XdsParticipantObjectIdTypeCode.RegistryStoredQuery;
            b.setQueryParameters(e.query().id(), idType, e.query().message(), details);
        }
        return b.getMessage();
    }

    private AuditMessage export(AuditEvent e, EventDataset d, EventType type, PurposeOfUse[] purposes) {
        var b = new DefaultPHIExportBuilder(context, d, e.outcome().indicator(), e.outcomeDescription(),
                EventActionCode.Read, type, purposes);
        e.patientIds().forEach(b::setPatient);
        for (DocumentRef doc : e.documents()) {
            b.addExportedEntity(doc.uniqueId(), ParticipantObjectIdTypeCode.ReportNumber,
                    ParticipantObjectTypeCode.System, ParticipantObjectTypeCodeRole.Report, null, details(doc));
        }
        if (e.submissionSetUid() != null) {
            b.addExportedEntity(e.submissionSetUid(), ParticipantObjectIdTypeCode.XdsMetadata,
                    ParticipantObjectTypeCode.System, ParticipantObjectTypeCodeRole.Job, null, List.of());
        }
        return b.getMessage();
    }

    private AuditMessage importing(AuditEvent e, EventDataset d, EventType type, PurposeOfUse[] purposes) {
        var b = new DefaultPHIImportBuilder(context, d, e.outcome().indicator(), e.outcomeDescription(),
                EventActionCode.Create, type, purposes);
        e.patientIds().forEach(b::setPatient);
        for (DocumentRef doc : e.documents()) {
            b.addImportedEntity(doc.uniqueId(), ParticipantObjectIdTypeCode.ReportNumber,
                    ParticipantObjectTypeCode.System, ParticipantObjectTypeCodeRole.Report, null, details(doc));
        }
        if (e.submissionSetUid() != null) {
            b.addImportedEntity(e.submissionSetUid(), ParticipantObjectIdTypeCode.XdsMetadata,
                    ParticipantObjectTypeCode.System, ParticipantObjectTypeCodeRole.Job, null, List.of());
        }
        return b.getMessage();
    }

    private static AuditMessage transferred(AuditEvent e, DicomInstancesTransferredEventBuilder b) {
        e.patientIds().forEach(b::setPatient);
        e.studies().forEach(s -> b.addTransferredStudyParticipantObject(s.studyInstanceUid(), details(s)));
        for (DocumentRef doc : e.documents()) {
            b.addExportedEntity(doc.uniqueId(), ParticipantObjectIdTypeCode.ReportNumber,
                    ParticipantObjectTypeCodeRole.Report, details(doc));
        }
        return b.getMessage();
    }

    private static AuditMessage accessed(AuditEvent e, DicomInstancesAccessedEventBuilder b) {
        e.patientIds().forEach(b::setPatient);
        e.studies().forEach(s -> b.addTransferredStudyParticipantObject(s.studyInstanceUid(), details(s)));
        for (DocumentRef doc : e.documents()) {
            b.addExportedEntity(doc.uniqueId(), ParticipantObjectIdTypeCode.ReportNumber,
                    ParticipantObjectTypeCodeRole.Report, details(doc));
        }
        return b.getMessage();
    }

    private static List<TypeValuePairType> details(DocumentRef doc) {
        List<TypeValuePairType> details = new ArrayList<>();
        if (doc.repositoryUniqueId() != null) {
            details.add(new TypeValuePairType(IHEAuditMessageBuilder.REPOSITORY_UNIQUE_ID, doc.repositoryUniqueId()));
        }
        if (doc.homeCommunityId() != null) {
            details.add(new TypeValuePairType(IHEAuditMessageBuilder.IHE_HOME_COMMUNITY_ID, doc.homeCommunityId()));
        }
        return details;
    }

    private static List<TypeValuePairType> details(StudyRef study) {
        List<TypeValuePairType> details = new ArrayList<>();
        study.seriesInstanceUids().forEach(s ->
                details.add(new TypeValuePairType(IHEAuditMessageBuilder.SERIES_INSTANCE_UNIQUE_ID, s)));
        if (study.repositoryUniqueId() != null) {
            details.add(new TypeValuePairType(IHEAuditMessageBuilder.REPOSITORY_UNIQUE_ID, study.repositoryUniqueId()));
        }
        if (study.homeCommunityId() != null) {
            details.add(new TypeValuePairType(IHEAuditMessageBuilder.IHE_HOME_COMMUNITY_ID, study.homeCommunityId()));
        }
        return details;
    }

    /**
     * A partial success becomes a success with what was obtained and a failure with what was
     * not; a query (nothing itemized) is recorded twice with the same objects.
     */
    static List<AuditEvent> split(AuditEvent e) {
        if (e.outcome() != Outcome.PARTIAL_SUCCESS) {
            return List.of(e);
        }
        boolean itemized = !e.documents().isEmpty() || !e.studies().isEmpty();
        return List.of(part(e, Outcome.SUCCESS, null, itemized, true),
                part(e, Outcome.FAILURE, e.outcomeDescription(), itemized, false));
    }

    private static AuditEvent part(AuditEvent e, Outcome outcome, String description, boolean itemized,
                                   boolean obtained) {
        List<DocumentRef> docs = itemized
                ? e.documents().stream().filter(d -> d.obtained() == obtained).toList() : e.documents();
        List<StudyRef> studies = itemized
                ? e.studies().stream().filter(s -> s.obtained() == obtained).toList() : e.studies();
        return new AuditEvent(e.transaction(), e.served(), outcome, description, e.time(), e.source(),
                e.destination(), e.user(), e.patientIds(), e.partner(), e.query(), docs, studies,
                e.submissionSetUid());
    }
}
