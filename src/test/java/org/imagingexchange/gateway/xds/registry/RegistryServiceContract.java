// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.ObjectReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.Query;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * Shared set-up of the registry tests: one database per test class (H2 or PostgreSQL, chosen by
 * the subclass), one registry, a fresh patient per test so tests never see each other's objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RegistryServiceContract {
    static final int MAX_RESULTS = 50;

    TestDatabases.Handle database;
    RegistryService registry;

    abstract TestDatabases.Handle openDatabase();

    @BeforeAll
    void openRegistry() {
        database = openDatabase();
        registry = new RegistryService(database.db(), new RegistrySettings(XdsSamples.HOME, MAX_RESULTS),
                XdsSamples.knowsAllButUnknown());
    }

    @AfterAll
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    /** A registered KOS manifest; the request now holds the assigned entryUUIDs. */
    record Kos(Identifiable patient, String studyUid, String uniqueId, String entryUuid, String setUuid,
               String setUniqueId, String memberUuid) {}

    Kos registerKos(Identifiable patient) {
        return register(XdsSamples.kosRegistration(patient, XdsSamples.newUid(), XdsSamples.newUid()));
    }

    Kos register(RegisterDocumentSet request) {
        Response response = registry.register(request);
        assertEquals(Status.SUCCESS, response.getStatus(), () -> "errors: " + response.getErrors());
        var entry = request.getDocumentEntries().get(0);
        String study = entry.getReferenceIdList().get(0).getId();
        return new Kos(entry.getPatientId(), study, entry.getUniqueId(), entry.getEntryUuid(),
                request.getSubmissionSet().getEntryUuid(), request.getSubmissionSet().getUniqueId(),
                request.getAssociations().get(0).getEntryUuid());
    }

    QueryResponse leafClass(Query query) {
        return ok(registry.query(new QueryRegistry(query, QueryReturnType.LEAF_CLASS)));
    }

    QueryResponse objectRefs(Query query) {
        return ok(registry.query(new QueryRegistry(query, QueryReturnType.OBJECT_REF)));
    }

    static QueryResponse ok(QueryResponse response) {
        assertEquals(Status.SUCCESS, response.getStatus(), () -> "errors: " + response.getErrors());
        return response;
    }

    static void assertFailure(ErrorCode expected, Response response) {
        assertEquals(Status.FAILURE, response.getStatus());
        assertEquals(1, response.getErrors().size(), () -> "errors: " + response.getErrors());
        assertEquals(expected, response.getErrors().get(0).getErrorCode(), () -> "errors: " + response.getErrors());
    }

    static void assertNoResults(QueryResponse response) {
        assertTrue(response.getDocumentEntries().isEmpty() && response.getSubmissionSets().isEmpty()
                && response.getAssociations().isEmpty() && response.getFolders().isEmpty()
                && response.getReferences().isEmpty(), () -> "unexpected results: " + response);
    }

    /** Every reference carries our home community, and the ids are exactly {@code expected}. */
    static void assertRefs(QueryResponse response, String... expected) {
        for (ObjectReference ref : response.getReferences()) {
            assertEquals(XdsSamples.HOME, ref.getHome());
        }
        assertEquals(Set.of(expected), response.getReferences().stream().map(ObjectReference::getId)
                .collect(Collectors.toSet()));
        assertEquals(expected.length, response.getReferences().size());
    }

    static Set<String> entryUuids(QueryResponse response) {
        return response.getDocumentEntries().stream().map(e -> {
            assertEquals(XdsSamples.HOME, e.getHomeCommunityId());
            return e.getEntryUuid();
        }).collect(Collectors.toSet());
    }

    static FindDocumentsQuery findDocuments(Identifiable patient, AvailabilityStatus... statuses) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(patient);
        q.setStatus(List.of(statuses));
        return q;
    }

    static void assertUuid(String id) {
        assertTrue(id.matches("urn:uuid:[0-9a-f-]{36}"), () -> "not a UUID: " + id);
        assertNotEquals("urn:uuid:00000000-0000-0000-0000-000000000000", id);
    }
}
