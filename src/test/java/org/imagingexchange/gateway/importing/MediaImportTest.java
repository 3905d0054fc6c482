// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.imagingexchange.gateway.dicom.DicomFiles;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.ingest.IngestService;
import org.imagingexchange.gateway.ingest.InstanceEntity;
import org.imagingexchange.gateway.pacs.EmbeddedStore;
import org.imagingexchange.gateway.pacs.Pacs;
import org.imagingexchange.gateway.persistence.Database;
import org.imagingexchange.gateway.testing.OutsideStudy;
import org.imagingexchange.gateway.xca.crossref.PatientCrossReference;
import org.imagingexchange.gateway.xds.registry.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Media imports end to end on H2 and the embedded store, with the real workers: reconciliation
 * (operator, demographics, review), coercion of what is stored, one corrupt file failing alone,
 * and a second import of the same media storing nothing twice.
 */
class MediaImportTest {
    private static final String LOCAL_ISSUER = "1.2.826.0.1.3680043.10.1234";
    private static final String ACCESSION_ISSUER = "1.2.826.0.1.3680043.10.1234.9";
    private static final DicomLimits LIMITS = DicomLimits.defaults();

    private TestDatabases.Handle handle;
    private Database db;
    private EmbeddedStore store;
    private IngestService ingest;
    private ImportService imports;
    private ImportRunner runner;
    private final Set<String> published = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws IOException {
        handle = TestDatabases.h2();
        db = handle.db();
        store = new EmbeddedStore(handle.dir().resolve("dicom"));
        ingest = new IngestService(db, store, LOCAL_ISSUER, Clock.systemUTC());
        startRunner(false);
    }

    /** (Re)starts the workers; {@code coerceDemographics} also takes name, birth date, sex from the index. */
    private void startRunner(boolean coerceDemographics) throws IOException {
        startRunner(coerceDemographics, store, ingest);
    }

    private void startRunner(boolean coerceDemographics, Pacs pacs, IngestService ingest) throws IOException {
        if (runner != null) {
            runner.close();
        }
        ImportSettings settings = new ImportSettings(handle.dir().resolve("spool"), 1L << 30, 2, Duration.ofSeconds(10),
                3, Duration.ofMillis(200), 0.9, 4, coerceDemographics, "test-node", "TESTGW", "pacs", ACCESSION_ISSUER);
        imports = new ImportService(db, settings, null, 1L << 30, Clock.systemUTC());
        runner = ImportRunner.start(db, settings, LOCAL_ISSUER,
                new PatientCrossReference(db, LOCAL_ISSUER, "urn:oid:1.2.3.4.5", Clock.systemUTC()), pacs, ingest,
                null, published::add, null, LIMITS, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        runner.close();
        handle.close();
    }

    @Test
    void operatorGivenPatientCoercesEveryGoodInstanceAndReportsTheCorruptOne() throws Exception {
        Path media = handle.dir().resolve("cd");
        OutsideStudy study = OutsideStudy.write(media.resolve("DICOM"), 5, "OUT-77", "HOSP-B", "DOE^JANE", "19800202", "F");
        byte[] whole = Files.readAllBytes(study.files.get(0));
        Files.write(media.resolve("DICOM").resolve("BROKEN"), java.util.Arrays.copyOf(whole, whole.length - 3000));
        Files.writeString(media.resolve("README.TXT"), "viewer on this disc");

        ImportView job = create(media, "MRN-1");
        ImportView end = awaitFinal(job.id());

        assertEquals("done-with-errors", end.state(), () -> end.json().toString());
        assertEquals(5, end.progress().get("verified"));
        assertEquals(1, end.progress().get("failed"));
        assertEquals(1, end.problems().size());
        assertTrue(end.problems().get(0).file().endsWith("BROKEN"), end.problems().toString());
        assertEquals("operator", end.matchMethod());
        assertEquals(Set.of(study.studyUid), published);

        for (String sop : study.sopUids) {
            InstanceEntity i = db.inTransaction(em -> em.find(InstanceEntity.class, sop));
            assertNotNull(i, "indexed " + sop);
            Path file = store.file(i.getLocation());
            var h = DicomFiles.readHeader(file, LIMITS);
            assertEquals("MRN-1", h.patientId());
            assertEquals(LOCAL_ISSUER, h.issuerOfPatientId());
            AttributeList list = new AttributeList();
            list.read(file.toFile());
            SequenceAttribute other = (SequenceAttribute) list.get(TagFromName.OtherPatientIDsSequence);
            assertNotNull(other, "Other Patient IDs Sequence");
            AttributeList item = other.getItem(other.getNumberOfItems() - 1).getAttributeList();
            assertEquals("OUT-77", item.get(TagFromName.PatientID).getSingleStringValueOrEmptyString());
            assertEquals("HOSP-B", item.get(TagFromName.IssuerOfPatientID).getSingleStringValueOrEmptyString());
            SequenceAttribute original = (SequenceAttribute) list.get(TagFromName.OriginalAttributesSequence);
            assertNotNull(original, "Original Attributes Sequence");
            AttributeList mod = original.getItem(0).getAttributeList();
            assertEquals("COERCE", mod.get(TagFromName.ReasonForTheAttributeModification)
                    .getSingleStringValueOrEmptyString());
            AttributeList previous = ((SequenceAttribute) mod.get(TagFromName.ModifiedAttributesSequence))
                    .getItem(0).getAttributeList();
            assertEquals("OUT-77", previous.get(TagFromName.PatientID).getSingleStringValueOrEmptyString());
        }
        assertFalse(Files.exists(handle.dir().resolve("spool").resolve(job.id()).resolve("media/DICOM/IM0001")),
                "the spool copy of a verified instance is removed");
    }

    @Test
    void demographicsMatchFindsTheLocalPatientAndASecondImportStoresNothingTwice() throws Exception {
        // the local patient index knows MRN-9 from an earlier local study
        OutsideStudy local = OutsideStudy.write(handle.dir().resolve("local"), 1, "MRN-9", null, "Müller^Anna",
                "19750505", "F");
        ingest.ingest(local.files.get(0), DicomFiles.readHeader(local.files.get(0), LIMITS));

        Path media = handle.dir().resolve("cd2");
        OutsideStudy study = OutsideStudy.write(media, 3, "X-1", "OTHER", "MULLER^ANNA", "19750505", "F");
        ImportView end = awaitFinal(create(media, null).id());
        assertEquals("done", end.state(), () -> end.json().toString());
        assertEquals("demographics", end.matchMethod());
        assertEquals("MRN-9", end.localPatientId());
        assertEquals(1.0, end.matchScore());

        long before = countInstances();
        ImportView again = awaitFinal(create(media, null).id());
        assertEquals("done", again.state(), () -> again.json().toString());
        assertEquals(3, again.progress().get("verified"));
        assertEquals(before, countInstances(), "the second import added no instance");
        for (String sop : study.sopUids) {
            assertEquals("MRN-9", DicomFiles.readHeader(store.file(db.inTransaction(
                    em -> em.find(InstanceEntity.class, sop)).getLocation()), LIMITS).patientId());
        }
    }

    @Test
    void twoPatientsOnOneDiscWaitForReviewUntilAnOperatorConfirms() throws Exception {
        Path media = handle.dir().resolve("cd3");
        OutsideStudy.write(media.resolve("A"), 2, "P-A", "HOSP-B", "ONE^PATIENT", "19600101", "M");
        OutsideStudy.write(media.resolve("B"), 2, "P-B", "HOSP-B", "TWO^PATIENT", "19610101", "F");
        ImportView job = create(media, "MRN-5");
        ImportView waiting = await(job.id(), v -> v.state().equals("needs-review"));
        assertTrue(waiting.reviewReason().contains("2 different patients"), waiting.reviewReason());
        assertEquals(1, imports.list(new ImportService.Filter(ImportState.NEEDS_REVIEW, null, null, null, 10)).size());

        imports.confirm(job.id(), "MRN-5");
        runner.wakeUp();
        ImportView end = awaitFinal(job.id());
        assertEquals("done", end.state(), () -> end.json().toString());
        assertEquals(4, end.progress().get("verified"));
        assertEquals("operator", end.matchMethod());
    }

    @Test
    void noLocalMatchGoesToReviewWithTheReason() throws Exception {
        Path media = handle.dir().resolve("cd4");
        OutsideStudy.write(media, 1, "Q-1", "HOSP-C", "NOBODY^KNOWN", "19990909", "O");
        ImportView waiting = await(create(media, null).id(), v -> v.state().equals("needs-review"));
        assertEquals("no local patient matches the demographics", waiting.reviewReason());
        ImportView cancelled = imports.cancel(waiting.id());
        assertEquals("cancelled", cancelled.state());
    }

    @Test
    void aCancelStopsAJobBetweenTwoBatchesWhileItStores() throws Exception {
        // a PACS that takes the first instance and then holds until the test lets it go on
        CountDownLatch firstTaken = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        AtomicInteger taken = new AtomicInteger();
        Pacs held = new Pacs() {
            @Override
            public String kind() {
                return store.kind();
            }

            @Override
            public String store(Path file, InstanceAddress address) throws IOException {
                String location = store.store(file, address);
                if (taken.incrementAndGet() == 1) {
                    firstTaken.countDown();
                    try {
                        goOn.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return location;
            }

            @Override
            public InputStream open(InstanceAddress address, String location) throws IOException {
                return store.open(address, location);
            }

            @Override
            public boolean isUp() {
                return true;
            }
        };
        startRunner(false, held, new IngestService(db, held, LOCAL_ISSUER, Clock.systemUTC()));
        Path media = handle.dir().resolve("cd-cancel");
        OutsideStudy.write(media, 20, "C-1", "HOSP-C", "CANCEL^ME", "19800101", "F"); // 5 batches of 4
        ImportView job = create(media, "MRN-C");
        assertTrue(firstTaken.await(30, TimeUnit.SECONDS), "storing never began");
        assertEquals("storing", imports.get(job.id()).orElseThrow().state());
        assertEquals("storing", imports.cancel(job.id()).state(), "a running job ends at its worker's next step");
        goOn.countDown();

        ImportView end = awaitFinal(job.id());
        assertEquals("cancelled", end.state(), () -> end.json().toString());
        assertTrue(taken.get() < 20, "the worker stopped storing: the PACS took " + taken.get() + " of 20");
        assertEquals(taken.get(), end.progress().get("stored"), "what the PACS took is recorded as stored");
    }

    @Test
    void aStudyUidTheLocalPacsHoldsForAnotherPatientFailsUnlessReidentifiedConsistently() throws Exception {
        Path media = handle.dir().resolve("cd5");
        OutsideStudy study = OutsideStudy.write(media, 3, "R-1", "HOSP-R", "SAME^UIDS", "19770707", "M");
        // the local PACS already holds these very UIDs for another local patient
        for (Path f : study.files) {
            Path copy = handle.dir().resolve("local-" + f.getFileName());
            Files.copy(f, copy);
            ingest.ingest(copy, DicomFiles.readHeader(copy, LIMITS));
        }
        ImportView refused = awaitFinal(create(media, "MRN-R").id());
        assertEquals("failed", refused.state(), () -> refused.json().toString());
        assertTrue(refused.problems().get(0).reason().contains("re-identification"), refused.problems().toString());

        ImportView end = awaitFinal(imports.createFromMedia(new ImportService.MediaRequest("cd.zip", true, "MRN-R",
                "ACC-77", true, "test"), new ByteArrayInputStream(Zips.of(media, java.util.Map.of()))).job().id());
        assertEquals("done", end.state(), () -> end.json().toString());
        String newStudy = ImportWorker.derivedUid(study.studyUid, "MRN-R");
        assertEquals(Set.of(newStudy), published, "the KOS is of the new study UID");
        for (String sop : study.sopUids) {
            String newSop = ImportWorker.derivedUid(sop, "MRN-R");
            InstanceEntity i = db.inTransaction(em -> em.find(InstanceEntity.class, newSop));
            assertNotNull(i, "stored under its new SOP Instance UID");
            assertEquals(newStudy, i.getStudyUid());
            var h = DicomFiles.readHeader(store.file(i.getLocation()), LIMITS);
            assertEquals("MRN-R", h.patientId());
            assertEquals("ACC-77", h.accessionNumber());
            InstanceEntity old = db.inTransaction(em -> em.find(InstanceEntity.class, sop));
            assertEquals("R-1", DicomFiles.readHeader(store.file(old.getLocation()), LIMITS).patientId(),
                    "the other patient's instance is untouched");
            AttributeList list = new AttributeList();
            list.read(store.file(i.getLocation()).toFile());
            SequenceAttribute issuer = (SequenceAttribute) list.get(TagFromName.IssuerOfAccessionNumberSequence);
            assertEquals(ACCESSION_ISSUER, issuer.getItem(0).getAttributeList().get(new com.pixelmed.dicom.AttributeTag(0x0040, 0x0032))
                    .getSingleStringValueOrEmptyString().strip()); // UT keeps its padding
        }
    }

    @Test
    void demographicsFromTheLocalIndexWhenConfigured() throws Exception {
        startRunner(true);
        OutsideStudy local = OutsideStudy.write(handle.dir().resolve("local2"), 1, "MRN-DEMO", null, "LOCAL^NAME",
                "19500505", "F");
        ingest.ingest(local.files.get(0), DicomFiles.readHeader(local.files.get(0), LIMITS));
        Path media = handle.dir().resolve("cd6");
        OutsideStudy study = OutsideStudy.write(media, 1, "O-9", "HOSP-O", "OUTSIDE^SPELLING", "19500506", "M");
        ImportView end = awaitFinal(create(media, "MRN-DEMO").id());
        assertEquals("done", end.state(), () -> end.json().toString());
        var h = DicomFiles.readHeader(store.file(db.inTransaction(
                em -> em.find(InstanceEntity.class, study.sopUids.get(0))).getLocation()), LIMITS);
        assertEquals("LOCAL^NAME", h.patientName());
        assertEquals("19500505", h.patientBirthDate());
        assertEquals("F", h.patientSex());
    }

    @Test
    void retryRunsAFinishedJobWithErrorsAgainForWhatDidNotMakeIt() throws Exception {
        Path media = handle.dir().resolve("cd7");
        OutsideStudy study = OutsideStudy.write(media, 2, "T-1", "HOSP-T", "RETRY^ME", "19880808", "F");
        byte[] whole = Files.readAllBytes(study.files.get(1));
        Files.write(study.files.get(1), java.util.Arrays.copyOf(whole, whole.length - 1000)); // cut off
        ImportView first = awaitFinal(create(media, "MRN-T").id());
        assertEquals("done-with-errors", first.state(), () -> first.json().toString());
        assertEquals(1, first.progress().get("failed"));

        // the operator repairs the spooled file (here: puts the whole one back) and retries
        Path spooled = handle.dir().resolve("spool").resolve(first.id()).resolve(first.problems().get(0).file());
        Files.write(spooled, whole);
        imports.retry(first.id());
        runner.wakeUp();
        ImportView again = awaitFinal(first.id());
        assertEquals("done", again.state(), () -> again.json().toString());
        assertEquals(2, again.progress().get("verified"));
        assertEquals(0, again.progress().get("failed"));
        assertThrows(ImportService.ConflictException.class, () -> imports.retry(first.id()));
    }

    private long countInstances() {
        return db.inTransaction(em -> em.createQuery("select count(i) from InstanceEntity i", Long.class)
                .getSingleResult());
    }

    private ImportView create(Path folder, String localPatientId) throws IOException {
        ImportView v = imports.createFromMedia(new ImportService.MediaRequest("cd.zip", true, localPatientId, null,
                false, "test"), new ByteArrayInputStream(Zips.of(folder, java.util.Map.of()))).job();
        runner.wakeUp();
        return v;
    }

    private ImportView awaitFinal(String id) throws InterruptedException {
        return await(id, v -> ImportState.ofLabel(v.state()).isFinal());
    }

    private ImportView await(String id, java.util.function.Predicate<ImportView> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ImportView v = imports.get(id).orElseThrow();
        while (!done.test(v)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("import did not get there in 60 s: " + v.json());
            }
            Thread.sleep(100);
            v = imports.get(id).orElseThrow();
        }
        return v;
    }
}
