// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.imagingexchange.gateway.xds.registry.RegistryService;
import org.imagingexchange.gateway.xds.registry.RegistrySettings;
import org.imagingexchange.gateway.xds.registry.TestDatabases;
import org.imagingexchange.gateway.xds.registry.XdsSamples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.DocumentReference;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RetrieveDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * Shared set-up of the repository tests: one database per test class (H2 or PostgreSQL, chosen by
 * the subclass), the registry and a repository storing under the test's scratch directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RepositoryServiceContract {
    static final long MAX_SIZE = 4L << 20;

    TestDatabases.Handle database;
    RegistryService registry;
    RepositoryService repository;
    Path storage;

    abstract TestDatabases.Handle openDatabase();

    @BeforeAll
    void openRepository() {
        database = openDatabase();
        registry = new RegistryService(database.db(), new RegistrySettings(XdsSamples.HOME, 100),
                XdsSamples.knowsAllButUnknown());
        storage = database.dir().resolve("repository");
        repository = new RepositoryService(database.db(), registry,
                new RepositorySettings(XdsSamples.REPOSITORY, storage, MAX_SIZE));
    }

    @AfterAll
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }

    static ProvideAndRegisterDocumentSet request(byte[] content) {
        return XdsSamples.kosProvideAndRegister(XdsSamples.newPatient(), XdsSamples.newUid(), XdsSamples.newUid(),
                TestContent.of(content));
    }

    /** Provides and registers a new KOS with {@code content}; the request then holds the assigned ids. */
    ProvideAndRegisterDocumentSet provide(byte[] content) {
        ProvideAndRegisterDocumentSet request = request(content);
        assertSuccess(repository.provideAndRegister(request));
        return request;
    }

    static void assertSuccess(Response response) {
        assertEquals(Status.SUCCESS, response.getStatus(), () -> "errors: " + response.getErrors());
    }

    static RetrieveDocumentSet retrieveRequest(String home, String repositoryUniqueId, String... documentUniqueIds) {
        RetrieveDocumentSet request = new RetrieveDocumentSet();
        for (String uid : documentUniqueIds) {
            request.getDocuments().add(new DocumentReference(repositoryUniqueId, uid, home));
        }
        return request;
    }

    List<DocumentEntry> approvedEntries(Identifiable patient) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(patient);
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        var response = registry.query(new QueryRegistry(q, QueryReturnType.LEAF_CLASS));
        assertEquals(Status.SUCCESS, response.getStatus(), () -> "errors: " + response.getErrors());
        return response.getDocumentEntries();
    }

    /** Every regular file under the storage directory, partial uploads included. */
    long storedFiles() throws IOException {
        if (!Files.exists(storage)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(storage)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
