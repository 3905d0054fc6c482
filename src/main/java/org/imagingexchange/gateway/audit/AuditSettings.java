// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * Settings of the ATNA audit, read once at start (each overridable by its environment variable):
 *
 * <table>
 * <caption>audit settings</caption>
 * <tr><td>{@code GATEWAY_AUDIT_HOST}</td><td>Audit Record Repository host; empty = keep records in the local table only</td></tr>
 * <tr><td>{@code GATEWAY_AUDIT_PORT}</td><td>its TLS syslog port (RFC 5425), default 6514</td></tr>
 * <tr><td>{@code GATEWAY_AUDIT_TLS_TRUSTSTORE} / {@code _PASSWORD}</td><td>PKCS12 trust store with the repository's CA; empty = the JVM's</td></tr>
 * <tr><td>{@code GATEWAY_AUDIT_TLS_KEYSTORE} / {@code _PASSWORD}</td><td>PKCS12 key store with this node's client certificate (mutual TLS); empty = none</td></tr>
 * <tr><td>{@code GATEWAY_AUDIT_TLS_VERIFY_HOSTNAME}</td><td>check the repository certificate names the host, default true</td></tr>
 * <tr><td>{@code GATEWAY_AUDIT_SOURCE_ID}</td><td>AuditSourceID, default the AE title</td></tr>
 * <tr><td>{@code GATEWAY_AUDIT_SITE_ID}</td><td>AuditEnterpriseSiteID, default the homeCommunityId</td></tr>
 * <tr><td>{@code GATEWAY_AUDIT_APP_NAME}</td><td>syslog APP-NAME and the application's UserID, default {@code imaging-gateway}</td></tr>
 * <tr><td>{@code GATEWAY_AUDIT_RETRY_MAX_SECONDS}</td><td>longest wait between delivery attempts while the repository is down, default 60</td></tr>
 * <tr><td>{@code GATEWAY_AUDIT_BATCH_SIZE}</td><td>records sent per pass, default 100</td></tr>
 * </table>
 */
public record AuditSettings(String auditSourceId, String enterpriseSiteId, String appName, Collector collector,
                            Duration retryMax, int batchSize, Duration ingestQuietTime) {

    /** Where records are sent: an RFC 5425 TLS syslog receiver. */
    public record Collector(String host, int port, Tls tls, Duration connectTimeout) {}

    /** The TLS client side: trust for the repository's certificate, and our own key pair. */
    public record Tls(Path trustStore, String trustStorePassword, Path keyStore, String keyStorePassword,
                      boolean verifyHostname) {}

    public AuditSettings {
        appName = appName == null || appName.isBlank() ? "imaging-gateway" : appName;
        retryMax = retryMax == null ? Duration.ofSeconds(60) : retryMax;
        batchSize = batchSize <= 0 ? 100 : batchSize;
        ingestQuietTime = ingestQuietTime == null ? Duration.ofSeconds(5) : ingestQuietTime;
    }

    /** Settings that keep records in the local table only. */
    public static AuditSettings localOnly(String auditSourceId, String enterpriseSiteId) {
        return new AuditSettings(auditSourceId, enterpriseSiteId, null, null, null, 0, null);
    }

    public AuditSettings withCollector(Collector collector) {
        return new AuditSettings(auditSourceId, enterpriseSiteId, appName, collector, retryMax, batchSize,
                ingestQuietTime);
    }

    public AuditSettings withRetryMax(Duration retryMax) {
        return new AuditSettings(auditSourceId, enterpriseSiteId, appName, collector, retryMax, batchSize,
                ingestQuietTime);
    }

    public AuditSettings withIngestQuietTime(Duration quiet) {
        return new AuditSettings(auditSourceId, enterpriseSiteId, appName, collector, retryMax, batchSize, quiet);
    }

    public static AuditSettings from(Config c, String aeTitle, String homeCommunityId) {
        String host = c.getOptionalValue("gateway.audit.host", String.class).orElse("").trim();
        Collector collector = host.isEmpty() ? null : new Collector(host,
                c.getOptionalValue("gateway.audit.port", Integer.class).orElse(6514),
                new Tls(path(c, "gateway.audit.tls.truststore"),
                        c.getOptionalValue("gateway.audit.tls.truststore.password", String.class).orElse(null),
                        path(c, "gateway.audit.tls.keystore"),
                        c.getOptionalValue("gateway.audit.tls.keystore.password", String.class).orElse(null),
                        c.getOptionalValue("gateway.audit.tls.verify.hostname", Boolean.class).orElse(true)),
                Duration.ofSeconds(10));
        return new AuditSettings(
                c.getOptionalValue("gateway.audit.source.id", String.class).orElse(aeTitle),
                c.getOptionalValue("gateway.audit.site.id", String.class).orElse(homeCommunityId),
                c.getOptionalValue("gateway.audit.app.name", String.class).orElse(null),
                collector,
                Duration.ofSeconds(c.getOptionalValue("gateway.audit.retry.max.seconds", Integer.class).orElse(60)),
                c.getOptionalValue("gateway.audit.batch.size", Integer.class).orElse(100),
                null);
    }

    private static Path path(Config c, String key) {
        return c.getOptionalValue(key, String.class).filter(s -> !s.isBlank()).map(Path::of).orElse(null);
    }
}
