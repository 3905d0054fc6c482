// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;

/**
 * The in-transaction half of ITI-42: checks a submission against what the registry already holds
 * and writes it. Rules (ITI TF-2b 3.42.4.1.3, ITI TF-3 4.2.2):
 * <ul>
 * <li>entryUUIDs must be new; uniqueIds must be new (XDSDuplicateUniqueIdInRegistry, or
 *     XDSNonIdenticalHash for a DocumentEntry resubmitted with another hash);</li>
 * <li>every association end must be in the submission or in the registry (else
 *     XDSRegistryMetadataError); HasMember must start at the submission set or a folder;</li>
 * <li>a document relationship (RPLC, XFRM, APND, XFRM_RPLC, signs) must point at an Approved
 *     DocumentEntry (XDSRegistryDeprecatedDocumentError) of the same patient
 *     (XDSPatientIdDoesNotMatch); RPLC and XFRM_RPLC deprecate it.</li>
 * </ul>
 * The rows an association points at are read with a write lock, so two concurrent replacements
 * of one entry cannot both succeed.
 */
final class SubmissionStore {
    private final EntityManager em;
    private final RegistryRows rows;
    private final String location;

    SubmissionStore(EntityManager em, RegistryRows rows, String location) {
        this.em = em;
        this.rows = rows;
        this.location = location;
    }

    /**
     * @param newIds entryUUIDs of the objects in this submission
     * @return entryUUIDs of the DocumentEntries this submission deprecated
     */
    List<String> store(RegisterDocumentSet request, Set<String> newIds) {
        requireNew(newIds);
        requireNewUniqueIds(request);
        Map<String, ObjectKind> submitted = new HashMap<>();
        submitted.put(request.getSubmissionSet().getEntryUuid(), ObjectKind.SUBMISSION_SET);
        request.getDocumentEntries().forEach(e -> submitted.put(e.getEntryUuid(), ObjectKind.DOCUMENT_ENTRY));
        request.getFolders().forEach(f -> submitted.put(f.getEntryUuid(), ObjectKind.FOLDER));
        request.getAssociations().forEach(a -> submitted.put(a.getEntryUuid(), ObjectKind.ASSOCIATION));
        Map<String, RegistryObjectEntity> existing = lockReferenced(request.getAssociations(), submitted.keySet());

        String patient = IndexValues.cx(request.getSubmissionSet().getPatientId());
        List<String> deprecated = new ArrayList<>();
        for (Association a : request.getAssociations()) {
            ObjectKind source = kindOf(a.getSourceUuid(), submitted, existing);
            ObjectKind target = kindOf(a.getTargetUuid(), submitted, existing);
            if (a.getAssociationType() == AssociationType.HAS_MEMBER) {
                if (source != ObjectKind.SUBMISSION_SET && source != ObjectKind.FOLDER) {
                    throw fail(ErrorCode.REGISTRY_METADATA_ERROR, "HasMember " + a.getEntryUuid()
                            + " must start at a submission set or folder");
                }
            } else if (isDocumentRelationship(a.getAssociationType())) {
                if (source != ObjectKind.DOCUMENT_ENTRY || target != ObjectKind.DOCUMENT_ENTRY) {
                    throw fail(ErrorCode.REGISTRY_METADATA_ERROR, a.getAssociationType().getOpcode30()
                            + " " + a.getEntryUuid() + " must link two document entries");
                }
                RegistryObjectEntity old = existing.get(a.getTargetUuid());
                if (old != null && relate(a, old, patient)) {
                    deprecated.add(old.entryUuid);
                }
            } else {
                throw fail(ErrorCode.REGISTRY_METADATA_ERROR, "association type "
                        + a.getAssociationType().getOpcode30() + " is not supported by this registry");
            }
        }
        write(request);
        return deprecated;
    }

    /** Checks a relationship to an existing entry; true when it deprecated that entry. */
    private boolean relate(Association a, RegistryObjectEntity target, String patient) {
        if (target.status != AvailabilityStatus.APPROVED) {
            throw fail(ErrorCode.REGISTRY_DEPRECATED_DOCUMENT_ERROR,
                    "target document entry " + target.entryUuid + " is not Approved");
        }
        if (!Objects.equals(patient, target.patientId)) {
            throw fail(ErrorCode.PATIENT_ID_DOES_NOT_MATCH,
                    "target document entry " + target.entryUuid + " belongs to another patient");
        }
        if (a.getAssociationType().isReplace()) {
            target.status = AvailabilityStatus.DEPRECATED;
            return true;
        }
        return false;
    }

    private static boolean isDocumentRelationship(AssociationType type) {
        return switch (type) {
            case APPEND, REPLACE, TRANSFORM, TRANSFORM_AND_REPLACE, SIGNS -> true;
            default -> false;
        };
    }

    private void write(RegisterDocumentSet request) {
        Instant now = Instant.now();
        em.persist(rows.row(request.getSubmissionSet(), now));
        request.getDocumentEntries().forEach(e -> em.persist(rows.row(e, now)));
        request.getFolders().forEach(f -> em.persist(rows.row(f, now)));
        request.getAssociations().forEach(a -> em.persist(rows.row(a, now)));
    }

    private void requireNew(Collection<String> entryUuids) {
        List<String> taken = em.createQuery("select r.entryUuid from RegistryObjectEntity r "
                        + "where r.entryUuid in :ids", String.class)
                .setParameter("ids", entryUuids).getResultList();
        if (!taken.isEmpty()) {
            throw fail(ErrorCode.REGISTRY_METADATA_ERROR, "entryUUID already registered: " + taken.get(0));
        }
    }

    private void requireNewUniqueIds(RegisterDocumentSet request) {
        Map<String, DocumentEntry> entries = new HashMap<>();
        request.getDocumentEntries().forEach(e -> entries.put(e.getUniqueId(), e));
        Set<String> uniqueIds = new HashSet<>(entries.keySet());
        uniqueIds.add(request.getSubmissionSet().getUniqueId());
        request.getFolders().forEach(f -> uniqueIds.add(f.getUniqueId()));
        List<RegistryObjectEntity> clashes = em.createQuery("select r from RegistryObjectEntity r "
                        + "where r.uniqueId in :ids", RegistryObjectEntity.class)
                .setParameter("ids", uniqueIds).getResultList();
        for (RegistryObjectEntity clash : clashes) {
            DocumentEntry submitted = entries.get(clash.uniqueId);
            if (submitted != null && clash.kind == ObjectKind.DOCUMENT_ENTRY
                    && !Objects.equals(submitted.getHash(), rows.documentEntry(clash, null).getHash())) {
                throw fail(ErrorCode.NON_IDENTICAL_HASH, "document " + clash.uniqueId
                        + " is registered with another hash");
            }
            throw fail(ErrorCode.DUPLICATE_UNIQUE_ID_IN_REGISTRY, "uniqueId already registered: " + clash.uniqueId);
        }
    }

    private Map<String, RegistryObjectEntity> lockReferenced(List<Association> associations, Set<String> submitted) {
        Set<String> referenced = new HashSet<>();
        for (Association a : associations) {
            referenced.add(a.getSourceUuid());
            referenced.add(a.getTargetUuid());
        }
        referenced.removeAll(submitted);
        referenced.remove(null);
        Map<String, RegistryObjectEntity> found = new HashMap<>();
        if (!referenced.isEmpty()) {
            em.createQuery("select r from RegistryObjectEntity r where r.entryUuid in :ids", RegistryObjectEntity.class)
                    .setParameter("ids", referenced)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getResultList()
                    .forEach(r -> found.put(r.entryUuid, r));
        }
        return found;
    }

    private ObjectKind kindOf(String uuid, Map<String, ObjectKind> submitted, Map<String, RegistryObjectEntity> existing) {
        ObjectKind kind = submitted.get(uuid);
        if (kind == null && existing.containsKey(uuid)) {
            kind = existing.get(uuid).kind;
        }
        if (kind == null) {
            throw fail(ErrorCode.REGISTRY_METADATA_ERROR, "association refers to an unknown object: " + uuid);
        }
        return kind;
    }

    private RuntimeException fail(ErrorCode code, String context) {
        return XdsErrors.error(code, context, location);
    }
}
