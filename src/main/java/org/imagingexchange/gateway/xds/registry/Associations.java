// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.List;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;

/** Association lookups by their ends, for the ITI-18 queries that follow relationships. */
final class Associations {
    private static final String HAS_MEMBER = AssociationType.HAS_MEMBER.getOpcode30();

    private final EntityManager em;

    Associations(EntityManager em) {
        this.em = em;
    }

    /** Associations whose source and target are both in {@code result}. */
    List<RegistryObjectEntity> among(QueryResult result, Collection<AvailabilityStatus> statuses) {
        return associations(statuses)
                .in("r.sourceUuid", result.ids())
                .in("r.targetUuid", result.ids())
                .rows(em);
    }

    /** Associations with an end in {@code uuids}, optionally of the given types. */
    List<RegistryObjectEntity> touching(Collection<String> uuids, Collection<String> types,
                                        Collection<AvailabilityStatus> statuses) {
        return associations(statuses)
                .in("r.associationType", types)
                .where("(r.sourceUuid in :ends or r.targetUuid in :ends)")
                .query(em, "select r from RegistryObjectEntity r", RegistryObjectEntity.class)
                .setParameter("ends", uuids)
                .getResultList();
    }

    /** HasMember associations starting at {@code container} (a submission set or folder). */
    List<RegistryObjectEntity> membersOf(String container, Collection<AvailabilityStatus> statuses) {
        return associations(statuses).eq("r.sourceUuid", container).eq("r.associationType", HAS_MEMBER).rows(em);
    }

    /** HasMember associations ending at one of {@code members}. */
    List<RegistryObjectEntity> containersOf(Collection<String> members, Collection<AvailabilityStatus> statuses) {
        return associations(statuses).in("r.targetUuid", members).eq("r.associationType", HAS_MEMBER).rows(em);
    }

    /** Rows with one of the given entryUUIDs and the given kind. */
    List<RegistryObjectEntity> objects(Collection<String> uuids, ObjectKind kind) {
        if (uuids.isEmpty()) {
            return List.of();
        }
        return new JpqlFilter().eq("r.kind", kind).in("r.entryUuid", uuids).rows(em);
    }

    private static JpqlFilter associations(Collection<AvailabilityStatus> statuses) {
        return new JpqlFilter().eq("r.kind", ObjectKind.ASSOCIATION).in("r.status", statuses);
    }
}
