// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.imagingexchange.gateway.audit.AuditHooks;
import org.imagingexchange.gateway.audit.AuditQuery;
import org.imagingexchange.gateway.audit.AuditRecordView;
import org.imagingexchange.gateway.audit.AuditTrail;
import org.imagingexchange.gateway.dicom.DicomFiles;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.dicom.KosReader;
import org.imagingexchange.gateway.ingest.IngestService;
import org.imagingexchange.gateway.pacs.EmbeddedStore;
import org.imagingexchange.gateway.patient.PatientIndex;
import org.imagingexchange.gateway.persistence.Database;
import org.imagingexchange.gateway.testing.NistStudy;
import org.imagingexchange.gateway.testing.PostgresDatabase;
import org.imagingexchange.gateway.xds.registry.RegistryService;
import org.imagingexchange.gateway.xds.registry.RegistrySettings;
import org.imagingexchange.gateway.xds.repository.RepositoryService;
import org.imagingexchange.gateway.xds.repository.RepositorySettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.FindDocumentsQuery;
import org.openehealth.ipf.commons.ihe.xds.core.requests.query.QueryReturnType;

/**
 * RAD-68 on the index, on H2 and PostgreSQL: one manifest per stable study, a replacement
 * (RPLC) when instances arrive later, and exactly one manifest when two gateways sharing the
 * database publish the same study at the same moment.
 */
class ManifestPublisherTest {
    static final String ISSUER = "1.2.3.4.5";
    static final String REPOSITORY = "1.2.3.4.6";

    @TempDir
    Path dir;

    @Test
    void h2() throws Exception {
        scenario("");
    }

    @Test
    void postgres() throws Exception {
        try (PostgresDatabase pg = PostgresDatabase.create("gw_manifest_test")) {
            scenario(pg.jdbcUrl());
        }
    }

    private void scenario(String url) throws Exception {
        NistStudy study = NistStudy.load();
        try (Database db = Database.open(new Database.Settings(url, "postgres", "", dir, 4));
             AuditTrail audit = AuditTrail.start()) {
            AuditHooks.install(audit.service());
            Node a = new Node(db, dir.resolve("a"));
            Node b = new Node(db, dir.resolve("b"));
            List<Path> files = study.files;
            for (Path f : files.subList(0, 30)) {
                a.ingest.ingest(f, DicomFiles.readHeader(f, DicomLimits.defaults()));
            }

            // two nodes race for the same due study: exactly one manifest
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Callable<Integer>> race = List.of(a.publisher::publishDue, b.publisher::publishDue);
            int published = pool.invokeAll(race).stream().mapToInt(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).sum();
            pool.shutdown();
            assertEquals(1, published, "one manifest for one study, whatever the number of nodes");
            DocumentEntry first = onlyApprovedManifest(a.registry);
            assertEquals(0, a.publisher.publishDue(), "nothing new: nothing to publish");

            // later instances produce a replacement manifest that lists all of them
            for (Path f : files.subList(30, 36)) {
                b.ingest.ingest(f, DicomFiles.readHeader(f, DicomLimits.defaults()));
            }
            assertEquals(1, b.publisher.publishDue());
            DocumentEntry second = onlyApprovedManifest(a.registry);
            assertTrue(!second.getUniqueId().equals(first.getUniqueId()), "a new manifest replaced the first");
            Path kos = a.repository.documentFile(second.getUniqueId()).orElseThrow();
            assertEquals(36, KosReader.read(kos).instances().size());
            assertEquals(NistStudy.STUDY_UID, KosReader.read(kos).studyInstanceUid());

            // each registered manifest is audited as the Imaging Document Source's RAD-68 Export
            List<AuditRecordView> exports = audit.service().search().find(new AuditQuery(null, null, null, null,
                    "RAD-68", null, false, AuditQuery.MAX_LIMIT, 0, true));
            assertEquals(2, exports.size(), "one record per manifest: " + exports);
            for (AuditRecordView r : exports) {
                assertEquals("110106", r.eventId(), "Export");
                assertEquals(0, r.outcome());
                assertEquals(List.of(NistStudy.PATIENT_ID + "^^^&" + ISSUER + "&ISO"), r.patientIds());
            }
            assertTrue(exports.get(0).xml().contains(second.getUniqueId()), "the newest names the replacing manifest");
            assertTrue(exports.get(1).xml().contains(first.getUniqueId()));
        } finally {
            AuditHooks.install(null);
        }
    }

    private static DocumentEntry onlyApprovedManifest(RegistryService registry) {
        FindDocumentsQuery q = new FindDocumentsQuery();
        q.setPatientId(new Identifiable(NistStudy.PATIENT_ID, new AssigningAuthority(ISSUER, "ISO")));
        q.setStatus(List.of(AvailabilityStatus.APPROVED));
        QueryRegistry query = new QueryRegistry(q);
        query.setReturnType(QueryReturnType.LEAF_CLASS);
        List<DocumentEntry> entries = registry.query(query).getDocumentEntries();
        assertEquals(1, entries.size(), "exactly one approved manifest");
        return entries.get(0);
    }

    /** One gateway node's services over the shared database. */
    private static final class Node {
        final IngestService ingest;
        final RegistryService registry;
        final RepositoryService repository;
        final ManifestPublisher publisher;

        Node(Database db, Path dir) throws Exception {
            Files.createDirectories(dir);
            ingest = new IngestService(db, new EmbeddedStore(dir.resolve("dicom")), ISSUER, Clock.systemUTC());
            registry = new RegistryService(db, new RegistrySettings("urn:oid:1.2.3.4.7", 100),
                    id -> new PatientIndex(db).isKnown(id));
            repository = new RepositoryService(db, registry,
                    new RepositorySettings(REPOSITORY, dir.getParent().resolve("repository"), 1 << 30));
            publisher = new ManifestPublisher(db, repository, new ManifestPublisher.Settings(REPOSITORY, "GATEWAY",
                    REPOSITORY, Duration.ZERO, dir.resolve("work")), Clock.systemUTC());
        }
    }
}
