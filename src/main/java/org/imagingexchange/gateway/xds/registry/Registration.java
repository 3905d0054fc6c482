// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.imagingexchange.gateway.persistence.Database;
import org.openehealth.ipf.commons.ihe.xds.XDS;
import org.openehealth.ipf.commons.ihe.xds.core.ebxml.ebxml30.EbXMLFactory30;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XDSMetaClass;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;
import org.openehealth.ipf.commons.ihe.xds.core.transform.requests.RegisterDocumentSetTransformer;
import org.openehealth.ipf.commons.ihe.xds.core.validate.requests.SubmitObjectsRequestValidator;

/**
 * ITI-42 Register Document Set-b at the Document Registry (ITI TF-2b 3.42.4.1.3): validates the
 * submission with IPF's ITI-42 profile, checks the patient, replaces symbolic ids by
 * {@code urn:uuid:} entryUUIDs, sets every object Approved and stores it in one transaction
 * ({@link SubmissionStore}); any failure leaves nothing behind.
 */
final class Registration {
    private static final Logger LOG = Logger.getLogger(Registration.class.getName());
    private static final Pattern UUID_URN =
            Pattern.compile("urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Database db;
    private final RegistrySettings settings;
    private final PatientIdentityCheck patients;
    private final RegistryRows rows;

    Registration(Database db, RegistrySettings settings, PatientIdentityCheck patients, RegistryRows rows) {
        this.db = db;
        this.settings = settings;
        this.patients = patients;
        this.rows = rows;
    }

    Response register(RegisterDocumentSet request, Consumer<EntityManager> sameTransaction) {
        long start = System.nanoTime();
        try {
            validate(request);
            if (!patients.isKnown(request.getSubmissionSet().getPatientId())) {
                throw XdsErrors.error(ErrorCode.UNKNOWN_PATIENT_ID, "patient id of the submission set is not known",
                        settings.homeCommunityId());
            }
            Map<String, String> assigned = assignEntryUuids(request);
            var outcome = db.inTransaction(em -> {
                var result = new SubmissionStore(em, rows, settings.homeCommunityId()).store(request, assigned.keySet());
                sameTransaction.accept(em);
                em.flush();
                return result;
            });
            LOG.info(() -> String.format("ITI-42 registered submissionSet=%s uniqueId=%s documents=%d folders=%d "
                            + "associations=%d deprecated=%s %d ms",
                    request.getSubmissionSet().getEntryUuid(), request.getSubmissionSet().getUniqueId(),
                    request.getDocumentEntries().size(), request.getFolders().size(),
                    request.getAssociations().size(), outcome, (System.nanoTime() - start) / 1_000_000));
            return new Response(Status.SUCCESS);
        } catch (RuntimeException e) {
            return failure(request, e);
        }
    }

    /** IPF's SubmitObjectsRequestValidator on the ebXML form of the request (ITI-42 profile). */
    private static void validate(RegisterDocumentSet request) {
        if (request == null || request.getSubmissionSet() == null) {
            throw XdsErrors.error(ErrorCode.REGISTRY_METADATA_ERROR, "exactly one submission set must be given", null);
        }
        var ebxml = new RegisterDocumentSetTransformer(new EbXMLFactory30()).toEbXML(request);
        SubmitObjectsRequestValidator.getInstance().validate(ebxml, XDS.Interactions.ITI_42);
        // required by ITI TF-3 Table 4.3.1-3 but not checked by IPF 5.1's ITI-42 profile
        for (var entry : request.getDocumentEntries()) {
            if (entry.getMimeType() == null || entry.getMimeType().isBlank()) {
                throw XdsErrors.error(ErrorCode.REGISTRY_METADATA_ERROR,
                        "mimeType missing on document entry " + entry.getUniqueId(), entry.getUniqueId());
            }
        }
    }

    /**
     * Gives every object whose id is symbolic (not a {@code urn:uuid:}) a new entryUUID, rewrites
     * association ends accordingly and sets the availability status of new objects to Approved.
     *
     * @return the entryUUIDs of this submission's objects, each mapped from its submitted id
     */
    private static Map<String, String> assignEntryUuids(RegisterDocumentSet request) {
        Map<String, String> byNewId = new HashMap<>();
        Map<String, String> bySubmittedId = new HashMap<>();
        for (XDSMetaClass o : metaObjects(request)) {
            String id = uuidFor(o.getEntryUuid());
            bySubmittedId.put(o.getEntryUuid(), id);
            byNewId.put(id, o.getEntryUuid());
            o.setEntryUuid(id);
            o.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        }
        for (Association a : request.getAssociations()) {
            String id = uuidFor(a.getEntryUuid());
            if (byNewId.put(id, a.getEntryUuid()) != null) {
                throw XdsErrors.error(ErrorCode.REGISTRY_METADATA_ERROR, "duplicate entryUUID " + id, null);
            }
            bySubmittedId.put(a.getEntryUuid(), id);
            a.setEntryUuid(id);
            a.setAvailabilityStatus(AvailabilityStatus.APPROVED);
        }
        for (Association a : request.getAssociations()) {
            a.setSourceUuid(bySubmittedId.getOrDefault(a.getSourceUuid(), a.getSourceUuid()));
            a.setTargetUuid(bySubmittedId.getOrDefault(a.getTargetUuid(), a.getTargetUuid()));
        }
        return byNewId;
    }

    private static List<XDSMetaClass> metaObjects(RegisterDocumentSet request) {
        var all = new ArrayList<XDSMetaClass>();
        all.add(request.getSubmissionSet());
        all.addAll(request.getDocumentEntries());
        all.addAll(request.getFolders());
        return all;
    }

    private static String uuidFor(String submitted) {
        return submitted != null && UUID_URN.matcher(submitted).matches()
                ? submitted.toLowerCase(Locale.ROOT)
                : "urn:uuid:" + UUID.randomUUID();
    }

    private Response failure(RegisterDocumentSet request, RuntimeException e) {
        var info = XdsErrors.toErrorInfo(e, ErrorCode.REGISTRY_METADATA_ERROR, ErrorCode.REGISTRY_ERROR,
                settings.homeCommunityId());
        String set = request == null || request.getSubmissionSet() == null ? null
                : request.getSubmissionSet().getUniqueId();
        if (XdsErrors.isBusinessError(e)) {
            LOG.info(() -> "ITI-42 rejected submissionSet uniqueId=" + set + " " + info.getErrorCode().getOpcode()
                    + ": " + info.getCodeContext());
        } else {
            LOG.log(Level.WARNING, "ITI-42 failed submissionSet uniqueId=" + set, e);
        }
        Response response = new Response(Status.FAILURE);
        response.getErrors().add(info);
        return response;
    }
}
