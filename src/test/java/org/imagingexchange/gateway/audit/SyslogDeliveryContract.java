// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.imagingexchange.gateway.audit.AuditEvent.Participant;
import org.imagingexchange.gateway.audit.AuditEvent.StudyRef;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.xds.registry.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * ITI-20 transport against a real Audit Record Repository: rsyslog with a TLS (RFC 5425) input
 * that requires our client certificate, on a loopback port. Records reach it as octet-counted
 * RFC 5424 messages ({@code <85>1 ... IHE+RFC-3881}) whose XML validates against the DICOM
 * schema; while it is down they stay unsent in the audit table, across a restart of the gateway
 * too, and once it is back every one arrives exactly once, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SyslogDeliveryContract {
    TestDatabases.Handle database;
    TestPki pki;
    Path work;

    abstract TestDatabases.Handle openDatabase();

    @BeforeAll
    void open() throws Exception {
        database = openDatabase();
        work = Files.createTempDirectory("audit-syslog-");
        pki = TestPki.create(work.resolve("pki"));
    }

    @AfterAll
    void close() {
        if (database != null) {
            database.close();
        }
        deleteTree(work);
    }

    AuditSettings settings(int port) {
        return AuditSettings.localOnly("GATEWAY", "urn:oid:1.3.6.1.4.1.21367.2026.99.1")
                .withCollector(new AuditSettings.Collector("127.0.0.1", port, pki.tls(), Duration.ofSeconds(5)))
                .withRetryMax(Duration.ofSeconds(1));
    }

    /** Records the database holds that a sender must still deliver: unsent now, or written later. */
    final class Expected {
        final Set<Long> unsentBefore = new HashSet<>();
        final long maxIdBefore;

        Expected() throws Exception {
            long max = 0;
            try (Connection c = database.db().dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select id, sent_at from audit_record")) {
                while (rs.next()) {
                    max = Math.max(max, rs.getLong(1));
                    if (rs.getTimestamp(2) == null) {
                        unsentBefore.add(rs.getLong(1));
                    }
                }
            }
            maxIdBefore = max;
        }

        /** Their XML, in id order. */
        List<String> xml() throws Exception {
            List<String> xml = new ArrayList<>();
            try (Connection c = database.db().dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select id, xml from audit_record order by id")) {
                while (rs.next()) {
                    if (unsentBefore.contains(rs.getLong(1)) || rs.getLong(1) > maxIdBefore) {
                        xml.add(rs.getString(2));
                    }
                }
            }
            return xml;
        }
    }

    static AuditEvent retrieve(int n) {
        return AuditEvent.served(Transaction.ITI_43)
                .source(Participant.of("http://www.w3.org/2005/08/addressing/anonymous", "10.9.9.9"))
                .destination(Participant.of("https://gw.example/services/xds/iti43", "10.1.2.3"))
                .user(AuditMessagesTest.user())
                .patient("IIG-DEPT1021^^^&1.3.6.1.4.1.21367.2026.99.3&ISO")
                .document("1.2.826.0.1.3680043.2." + n, "1.3.6.1.4.1.21367.2026.99.2", null, true)
                .build();
    }

    @Test
    void recordsArriveAsOctetCountedRfc5424MessagesThatValidate() throws Exception {
        int port = GatewayServer.freePort();
        try (SyslogReceiver receiver = SyslogReceiver.start(work.resolve("arr-" + port), pki, port)) {
            Expected expected = new Expected();
            AuditService audit = AuditService.start(database.db(), settings(port));
            try {
                audit.record(AuditEvent.served(Transaction.ITI_18).user(AuditMessagesTest.user())
                        .patient("IIG-DEPT1021^^^&1.3.6.1.4.1.21367.2026.99.3&ISO")
                        .query("urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d", AuditMessagesTest.QUERY, null)
                        .build());
                audit.record(retrieve(1));
                audit.record(AuditEvent.served(Transaction.RAD_69).outcome(Outcome.PARTIAL_SUCCESS, "XDSDocumentUniqueIdError")
                        .patient("IIG-DEPT1021^^^&1.3.6.1.4.1.21367.2026.99.3&ISO")
                        .study(new StudyRef("1.2.3", List.of("1.2.3.1"), 19, null, null, true))
                        .study(new StudyRef("1.2.3", List.of("1.2.3.1"), 1, null, null, false)).build());
                audit.securityAlert("TLS-01 no client certificate", "10.6.6.6", null);
                awaitTrue(() -> audit.unsentCount() == 0, Duration.ofSeconds(60), "all records delivered");
            } finally {
                audit.close();
            }
            List<String> sent = expected.xml();
            List<SyslogReceiver.Frame> frames = receiver.awaitFrames(sent.size() - 1, Duration.ofSeconds(30));
            // the Application Stop record of close() may or may not have gone out before the sender stopped
            assertTrue(frames.size() == sent.size() - 1 || frames.size() == sent.size(), frames.size() + " frames");
            for (int i = 0; i < frames.size(); i++) {
                SyslogReceiver.Frame f = frames.get(i);
                assertEquals("85", f.pri(), "facility 10 (authpriv), severity 5 (notice)");
                assertEquals("1", f.version());
                assertEquals("imaging-gateway", f.appName());
                assertEquals("IHE+RFC-3881", f.msgId());
                assertTrue(f.msg().startsWith("\uFEFF<?xml"), "BOM and XML declaration: " + f.msg());
                AuditXml.validate(f.xml());
                assertEquals(sent.get(i), f.xml(), "record " + i + " arrives whole and in order");
            }
            assertTrue(frames.stream().anyMatch(f -> f.xml().contains("csd-code=\"110126\"")), "the security alert");
        }
    }

    @Test
    void recordsWaitWhileTheRepositoryIsDownAndArriveOnceInOrder() throws Exception {
        int port = GatewayServer.freePort();
        try (SyslogReceiver receiver = SyslogReceiver.start(work.resolve("arr-" + port), pki, port)) {
            Expected expected = new Expected();
            AuditService first = AuditService.start(database.db(), settings(port));
            first.record(retrieve(100));
            awaitTrue(() -> first.unsentCount() == 0, Duration.ofSeconds(60), "delivered while the repository is up");

            receiver.stop();
            for (int i = 101; i <= 110; i++) {
                first.record(retrieve(i));
            }
            // The sender keeps trying (1 s backoff here) and must not mark anything sent.
            Instant until = Instant.now().plusSeconds(4);
            while (Instant.now().isBefore(until)) {
                assertEquals(10, first.unsentCount(), "nothing is marked sent while the repository is down");
                Thread.sleep(500);
            }
            first.close(); // the gateway stops with records queued (and Application Stop)
            assertEquals(11, first.unsentCount());

            receiver.start(); // the repository is back; a new gateway process takes over the queue
            AuditService second = AuditService.start(database.db(), settings(port));
            try {
                awaitTrue(() -> second.unsentCount() == 0, Duration.ofSeconds(60), "the queue drains");
            } finally {
                second.close();
            }
            List<String> sent = expected.xml();
            List<SyslogReceiver.Frame> frames = receiver.awaitFrames(sent.size() - 1, Duration.ofSeconds(30));
            Thread.sleep(1000);
            frames = receiver.frames();
            List<String> received = frames.stream().map(SyslogReceiver.Frame::xml).toList();
            // everything but possibly the last Application Stop, each exactly once, in database order
            List<String> expectedOrder = received.size() == sent.size() ? sent : sent.subList(0, sent.size() - 1);
            assertEquals(expectedOrder.size(), received.size(), "none lost, none duplicated");
            assertEquals(expectedOrder, received, "in order");
            assertEquals(new HashSet<>(received).size(), received.size(), "no duplicates");
            for (int i = 100; i <= 110; i++) {
                String uid = "1.2.826.0.1.3680043.2." + i + "\"";
                assertEquals(1, received.stream().filter(x -> x.contains(uid)).count(), "record " + i + " once");
            }
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(200);
        }
    }
}
