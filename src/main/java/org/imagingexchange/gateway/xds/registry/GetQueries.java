// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetByIdAndCodesQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetByIdQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetFoldersQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetFromDocumentQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetRelatedDocumentsQuery;

/**
 * The id-based ITI-18 stored queries (ITI TF-2 3.18.4.1.2.3.7.4-8, .10-13): objects by
 * entryUUID / uniqueId / logicalID, and the objects reachable from them over associations.
 * These queries return objects of any availability status unless a status parameter says otherwise.
 */
final class GetQueries {
    private final EntityManager em;
    private final Associations associations;

    GetQueries(EntityManager em) {
        this.em = em;
        this.associations = new Associations(em);
    }

    /** GetDocuments / GetFolders: by entryUUID, uniqueId or logicalID (exactly one, IPF checks). */
    QueryResult byIds(GetByIdQuery q, ObjectKind kind) {
        List<String> logicalIds = q instanceof GetDocumentsQuery d ? d.getLogicalUuid()
                : q instanceof GetFoldersQuery f ? f.getLogicalUuid() : null;
        return new QueryResult().addAll(new JpqlFilter().eq("r.kind", kind)
                .in("r.entryUuid", q.getUuids())
                .in("r.uniqueId", q.getUniqueIds())
                .in("r.logicalId", logicalIds)
                .rows(em));
    }

    /** GetDocumentsAndAssociations: the documents plus every association with an end at one of them. */
    QueryResult documentsAndAssociations(GetByIdQuery q, List<AvailabilityStatus> associationStatuses) {
        QueryResult result = byIds(q, ObjectKind.DOCUMENT_ENTRY);
        if (result.size() > 0) {
            result.addAll(associations.touching(Set.copyOf(result.ids()), null, associationStatuses));
        }
        return result;
    }

    /** GetAssociations: every association with an end at one of the given entryUUIDs. */
    QueryResult associations(List<String> uuids, List<AvailabilityStatus> statuses) {
        return new QueryResult().addAll(associations.touching(uuids, null, statuses));
    }

    /** GetSubmissionSets: the submission sets holding the given objects, with those HasMember links. */
    QueryResult submissionSets(List<String> memberUuids) {
        var links = associations.containersOf(memberUuids, null);
        var sets = associations.objects(ends(links, true), ObjectKind.SUBMISSION_SET);
        Set<String> setIds = sets.stream().map(r -> r.entryUuid).collect(Collectors.toSet());
        return new QueryResult().addAll(sets)
                .addAll(links.stream().filter(l -> setIds.contains(l.sourceUuid)).toList());
    }

    /**
     * GetSubmissionSetAndContents / GetFolderAndContents: the container, its member documents
     * (filtered by formatCode, confidentialityCode, objectType), member folders, the HasMember
     * links to what is returned, and links among members (e.g. folder membership).
     */
    QueryResult containerAndContents(GetByIdAndCodesQuery q, ObjectKind kind, List<AvailabilityStatus> linkStatuses) {
        List<RegistryObjectEntity> containers = new JpqlFilter().eq("r.kind", kind)
                .eq("r.entryUuid", q.getUuid()).eq("r.uniqueId", q.getUniqueId()).rows(em);
        QueryResult result = new QueryResult().addAll(containers);
        if (containers.isEmpty()) {
            return result;
        }
        String container = containers.get(0).entryUuid;
        var links = associations.membersOf(container, linkStatuses);
        Set<String> targets = ends(links, false);
        if (!targets.isEmpty()) {
            result.addAll(FindQueries.documentEntries(List.of(), q.getDocumentEntryTypes(), q.getFormatCodes(),
                    q.getConfidentialityCodes()).in("r.entryUuid", targets).rows(em));
            if (kind == ObjectKind.SUBMISSION_SET) {
                result.addAll(associations.objects(targets, ObjectKind.FOLDER));
            }
        }
        List<RegistryObjectEntity> memberLinks = new ArrayList<>();
        for (RegistryObjectEntity link : associations.objects(targets, ObjectKind.ASSOCIATION)) {
            if (result.contains(link.sourceUuid) && result.contains(link.targetUuid)) {
                memberLinks.add(link);
            }
        }
        result.addAll(memberLinks);
        links.stream().filter(l -> result.contains(l.targetUuid)).forEach(result::add);
        return result;
    }

    /** GetFoldersForDocument: the folders that hold the document, with those links. */
    QueryResult foldersForDocument(GetFromDocumentQuery q) {
        var document = document(q);
        if (document.isEmpty()) {
            return new QueryResult();
        }
        var links = associations.containersOf(List.of(document.get(0).entryUuid), null);
        var folders = associations.objects(ends(links, true), ObjectKind.FOLDER);
        return new QueryResult().addAll(folders);
    }

    /**
     * GetRelatedDocuments: the document, the documents related to it by the requested
     * association types, and those associations; nothing when it has no such relationship.
     */
    QueryResult relatedDocuments(GetRelatedDocumentsQuery q) {
        var document = document(q);
        if (document.isEmpty()) {
            return new QueryResult();
        }
        String uuid = document.get(0).entryUuid;
        List<String> types = q.getAssociationTypes().stream().map((AssociationType t) -> t.getOpcode30()).toList();
        var links = associations.touching(List.of(uuid), types, q.getAssociationStatuses());
        Set<String> others = links.stream().map(l -> uuid.equals(l.sourceUuid) ? l.targetUuid : l.sourceUuid)
                .collect(Collectors.toSet());
        var related = others.isEmpty() ? List.<RegistryObjectEntity>of()
                : FindQueries.documentEntries(List.of(), q.getDocumentEntryTypes(), null, null)
                        .in("r.entryUuid", others).rows(em);
        if (related.isEmpty()) {
            return new QueryResult();
        }
        Set<String> relatedIds = related.stream().map(r -> r.entryUuid).collect(Collectors.toSet());
        return new QueryResult().add(document.get(0)).addAll(related)
                .addAll(links.stream().filter(l -> relatedIds.contains(l.sourceUuid)
                        || relatedIds.contains(l.targetUuid)).toList());
    }

    private List<RegistryObjectEntity> document(GetFromDocumentQuery q) {
        return new JpqlFilter().eq("r.kind", ObjectKind.DOCUMENT_ENTRY)
                .eq("r.entryUuid", q.getUuid()).eq("r.uniqueId", q.getUniqueId()).rows(em);
    }

    private static Set<String> ends(List<RegistryObjectEntity> links, boolean source) {
        return links.stream().map(l -> source ? l.sourceUuid : l.targetUuid).collect(Collectors.toSet());
    }
}
