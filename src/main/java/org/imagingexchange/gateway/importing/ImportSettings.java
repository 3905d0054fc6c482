// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * Settings of the import workflow (each also an environment variable, e.g.
 * {@code GATEWAY_IMPORT_CONCURRENCY}).
 *
 * @param spoolDir         where received and coerced files wait ({@code <data>/spool/import}); nodes
 *                         sharing a database must share it too (a volume all of them mount), so a
 *                         node taking over a job finds the media the first node received
 * @param spoolQuotaBytes  the most the spool may hold; a job that would exceed it waits
 * @param concurrency      jobs one node works on at once
 * @param lease            how long a claimed job stays this node's without a heartbeat
 * @param maxAttempts      transient failures (PACS or partner down) before a job fails visibly
 * @param retryBackoff     first wait after a transient failure; doubled each attempt, capped at 10 min
 * @param matchThreshold   demographics score (0..1) from which a local patient is taken without review
 * @param storeBatch       instances per STOW-RS request / DIMSE association
 * @param coerceDemographics replace name, birth date and sex by the local patient's
 * @param nodeName         this node's name in job leases (unique per instance sharing a database)
 * @param modifyingSystem  Modifying System in Original Attributes Sequence (the AE title)
 * @param target           where imports are stored: {@code pacs} (the gateway's PACS: embedded or
 *                         STOW-RS) or {@code dimse://AET@host:port} (C-STORE, verified by C-FIND)
 * @param accessionIssuer  OID of the local order system, written as Issuer of Accession Number
 *                         when a job gives a local accession number; null writes none
 */
public record ImportSettings(Path spoolDir, long spoolQuotaBytes, int concurrency, Duration lease, int maxAttempts,
                             Duration retryBackoff, double matchThreshold, int storeBatch, boolean coerceDemographics,
                             String nodeName, String modifyingSystem, String target, String accessionIssuer) {

    /** Without an accession number issuer. */
    public ImportSettings(Path spoolDir, long spoolQuotaBytes, int concurrency, Duration lease, int maxAttempts,
                          Duration retryBackoff, double matchThreshold, int storeBatch, boolean coerceDemographics,
                          String nodeName, String modifyingSystem, String target) {
        this(spoolDir, spoolQuotaBytes, concurrency, lease, maxAttempts, retryBackoff, matchThreshold, storeBatch,
                coerceDemographics, nodeName, modifyingSystem, target, null);
    }

    public static ImportSettings from(Config c, Path dataDir, String aeTitle, int dicomPort) {
        String defaultNode = hostName() + ":" + dicomPort + ":" + Integer.toHexString(dataDir.toAbsolutePath().hashCode());
        return new ImportSettings(
                c.getOptionalValue("gateway.import.spool.dir", String.class).filter(d -> !d.isBlank())
                        .map(d -> Path.of(d).toAbsolutePath()).orElse(dataDir.resolve("spool").resolve("import")),
                c.getOptionalValue("gateway.import.spool.quota.bytes", Long.class).orElse(20L * 1024 * 1024 * 1024),
                Math.max(1, c.getOptionalValue("gateway.import.concurrency", Integer.class).orElse(2)),
                Duration.ofSeconds(Math.max(2, c.getOptionalValue("gateway.import.lease.seconds", Integer.class).orElse(60))),
                Math.max(1, c.getOptionalValue("gateway.import.max.attempts", Integer.class).orElse(8)),
                Duration.ofMillis(Math.max(100, c.getOptionalValue("gateway.import.retry.millis", Integer.class).orElse(2000))),
                c.getOptionalValue("gateway.import.match.threshold", Double.class).orElse(0.9),
                Math.max(1, c.getOptionalValue("gateway.import.store.batch", Integer.class).orElse(20)),
                c.getOptionalValue("gateway.import.coerce.demographics", Boolean.class).orElse(false),
                c.getOptionalValue("gateway.node.name", String.class).filter(s -> !s.isBlank()).orElse(defaultNode),
                aeTitle,
                c.getOptionalValue("gateway.import.target", String.class).filter(s -> !s.isBlank()).orElse("pacs").strip(),
                c.getOptionalValue("gateway.import.accession.issuer", String.class).filter(s -> !s.isBlank())
                        .map(String::strip).orElse(null));
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
