// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import static org.imagingexchange.gateway.xds.registry.AbstractRegistrationTest.getDocument;
import static org.imagingexchange.gateway.xds.registry.XdsSamples.kosRegistration;
import static org.imagingexchange.gateway.xds.registry.XdsSamples.newPatient;
import static org.imagingexchange.gateway.xds.registry.XdsSamples.newUid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ReferenceId;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsByReferenceIdQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindSubmissionSetsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetAllQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetAssociationsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsAndAssociationsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetRelatedDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetSubmissionSetAndContentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.GetSubmissionSetsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryList;

/** Every supported ITI-18 stored query, each with ObjectRef and LeafClass. */
abstract class AbstractStoredQueryTest extends RegistryServiceContract {

    @Test
    void findDocuments() {
        Kos kos = registerKos(newPatient());
        var query = findDocuments(kos.patient(), AvailabilityStatus.APPROVED);
        assertRefs(objectRefs(query), kos.entryUuid());
        var leaf = leafClass(query);
        assertEquals(Set.of(kos.entryUuid()), entryUuids(leaf));
        assertEquals(kos.uniqueId(), leaf.getDocumentEntries().get(0).getUniqueId());
        assertNoResults(objectRefs(findDocuments(newPatient(), AvailabilityStatus.APPROVED)));
    }

    @Test
    void findDocumentsByReferenceId() {
        Kos kos = registerKos(newPatient());
        registerKos(kos.patient());
        FindDocumentsByReferenceIdQuery query = new FindDocumentsByReferenceIdQuery();
        query.setPatientId(kos.patient());
        query.setStatus(List.of(AvailabilityStatus.APPROVED));
        query.setReferenceIds(new QueryList<>(
                kos.studyUid() + "^^^^" + ReferenceId.ID_TYPE_STUDY_INSTANCE_ID));
        assertRefs(objectRefs(query), kos.entryUuid());
        assertEquals(Set.of(kos.entryUuid()), entryUuids(leafClass(query)));
    }

    @Test
    void findSubmissionSets() {
        Kos kos = registerKos(newPatient());
        FindSubmissionSetsQuery query = new FindSubmissionSetsQuery();
        query.setPatientId(kos.patient());
        query.setStatus(List.of(AvailabilityStatus.APPROVED));
        assertRefs(objectRefs(query), kos.setUuid());
        var sets = leafClass(query).getSubmissionSets();
        assertEquals(1, sets.size());
        assertEquals(kos.setUniqueId(), sets.get(0).getUniqueId());
        assertEquals(XdsSamples.HOME, sets.get(0).getHomeCommunityId());
        query.setSourceIds(List.of("1.2.3.999"));
        assertNoResults(objectRefs(query));
    }

    @Test
    void getDocumentsByUuidAndByUniqueId() {
        Kos kos = registerKos(newPatient());
        assertRefs(objectRefs(getDocument(kos.entryUuid())), kos.entryUuid());
        assertEquals(Set.of(kos.entryUuid()), entryUuids(leafClass(getDocument(kos.entryUuid()))));
        GetDocumentsQuery byUniqueId = new GetDocumentsQuery();
        byUniqueId.setUniqueIds(List.of(kos.uniqueId()));
        assertRefs(objectRefs(byUniqueId), kos.entryUuid());
        assertEquals(Set.of(kos.entryUuid()), entryUuids(leafClass(byUniqueId)));
    }

    @Test
    void getDocumentsAndAssociations() {
        Kos kos = registerKos(newPatient());
        GetDocumentsAndAssociationsQuery query = new GetDocumentsAndAssociationsQuery();
        query.setUuids(List.of(kos.entryUuid()));
        assertRefs(objectRefs(query), kos.entryUuid(), kos.memberUuid());
        var leaf = leafClass(query);
        assertEquals(Set.of(kos.entryUuid()), entryUuids(leaf));
        assertEquals(kos.memberUuid(), leaf.getAssociations().get(0).getEntryUuid());
    }

    @Test
    void getSubmissionSetAndContents() {
        Kos kos = registerKos(newPatient());
        GetSubmissionSetAndContentsQuery query = new GetSubmissionSetAndContentsQuery();
        query.setUniqueId(kos.setUniqueId());
        assertRefs(objectRefs(query), kos.setUuid(), kos.entryUuid(), kos.memberUuid());
        var leaf = leafClass(query);
        assertEquals(kos.setUuid(), leaf.getSubmissionSets().get(0).getEntryUuid());
        assertEquals(Set.of(kos.entryUuid()), entryUuids(leaf));
        assertEquals(AssociationType.HAS_MEMBER, leaf.getAssociations().get(0).getAssociationType());
        query.setFormatCodes(List.of(XdsSamples.CLASS_IMAGES));
        assertRefs(objectRefs(query), kos.setUuid());
    }

    @Test
    void getSubmissionSets() {
        Kos kos = registerKos(newPatient());
        GetSubmissionSetsQuery query = new GetSubmissionSetsQuery();
        query.setUuids(List.of(kos.entryUuid()));
        assertRefs(objectRefs(query), kos.setUuid(), kos.memberUuid());
        assertEquals(kos.setUuid(), leafClass(query).getSubmissionSets().get(0).getEntryUuid());
    }

    @Test
    void getAssociations() {
        Kos kos = registerKos(newPatient());
        GetAssociationsQuery query = new GetAssociationsQuery();
        query.setUuids(List.of(kos.entryUuid()));
        assertRefs(objectRefs(query), kos.memberUuid());
        var association = leafClass(query).getAssociations().get(0);
        assertEquals(kos.setUuid(), association.getSourceUuid());
        assertEquals(kos.entryUuid(), association.getTargetUuid());
        assertEquals(AvailabilityStatus.APPROVED, association.getAvailabilityStatus());
    }

    @Test
    void getRelatedDocuments() {
        Kos first = registerKos(newPatient());
        RegisterDocumentSet second = kosRegistration(first.patient(), first.studyUid(), newUid());
        second.getAssociations().add(XdsSamples.relationship(AssociationType.REPLACE, first.entryUuid()));
        Kos replacement = register(second);
        String rplc = second.getAssociations().get(1).getEntryUuid();

        GetRelatedDocumentsQuery query = new GetRelatedDocumentsQuery();
        query.setUuid(first.entryUuid());
        query.setAssociationTypes(List.of(AssociationType.REPLACE));
        assertRefs(objectRefs(query), first.entryUuid(), replacement.entryUuid(), rplc);
        var leaf = leafClass(query);
        assertEquals(Set.of(first.entryUuid(), replacement.entryUuid()), entryUuids(leaf));
        assertEquals(AssociationType.REPLACE, leaf.getAssociations().get(0).getAssociationType());

        query.setAssociationTypes(List.of(AssociationType.APPEND));
        assertNoResults(objectRefs(query));
    }

    @Test
    void getAll() {
        Kos kos = registerKos(newPatient());
        GetAllQuery query = new GetAllQuery();
        query.setPatientId(kos.patient());
        query.setStatusDocuments(List.of(AvailabilityStatus.APPROVED));
        query.setStatusSubmissionSets(List.of(AvailabilityStatus.APPROVED));
        query.setStatusFolders(List.of(AvailabilityStatus.APPROVED));
        assertRefs(objectRefs(query), kos.entryUuid(), kos.setUuid(), kos.memberUuid());
        var leaf = leafClass(query);
        assertEquals(Set.of(kos.entryUuid()), entryUuids(leaf));
        assertEquals(1, leaf.getSubmissionSets().size());
        assertEquals(1, leaf.getAssociations().size());
    }
}
