// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * Settings of the initiating side, read once at start (each also an environment variable):
 * <ul>
 *   <li>{@code gateway.tls.keystore} / {@code .password}, {@code gateway.tls.truststore} /
 *       {@code .password}: the node's key pair presented to partners (mutual TLS) and the CAs
 *       their server certificates must chain to; empty = JDK defaults (no client certificate);</li>
 *   <li>{@code gateway.saml.keystore} / {@code .password} ({@code GATEWAY_SAML_KEYSTORE}): PKCS12
 *       with the key that signs the assertions this gateway issues (alias {@code saml}, or the
 *       only key entry); {@code gateway.saml.issuer}: their Issuer, default our homeCommunityId;</li>
 *   <li>{@code gateway.saml.organization} / {@code gateway.saml.organization.id}: the XSPA
 *       organization named in issued assertions (default: the AE title / our homeCommunityId);</li>
 *   <li>{@code gateway.partner.breaker.failures} (5) and {@code gateway.partner.breaker.cooldown.seconds}
 *       (30): consecutive failures that open a partner's circuit breaker, and the wait before a
 *       probe;</li>
 *   <li>{@code gateway.local.query.deadline.seconds} (30): deadline of the local registry's part of
 *       a fan-out.</li>
 * </ul>
 */
public record InitiatingSettings(
        String homeCommunityId,
        String patientIdIssuer,
        Path tlsKeyStore,
        String tlsKeyStorePassword,
        Path tlsTrustStore,
        String tlsTrustStorePassword,
        Path samlKeyStore,
        String samlKeyStorePassword,
        String samlIssuer,
        String organization,
        String organizationId,
        int breakerFailures,
        Duration breakerCooldown,
        Duration localQueryDeadline) {

    public InitiatingSettings {
        if (breakerFailures < 1) {
            throw new IllegalArgumentException("gateway.partner.breaker.failures must be at least 1");
        }
        samlIssuer = blank(samlIssuer) ? homeCommunityId : samlIssuer;
        organizationId = blank(organizationId) ? homeCommunityId : organizationId;
    }

    /** Defaults for tests and tools: no TLS stores, no signing key. */
    public static InitiatingSettings defaults(String homeCommunityId, String patientIdIssuer) {
        return new InitiatingSettings(homeCommunityId, patientIdIssuer, null, null, null, null, null, null, null,
                "Imaging exchange gateway", null, 5, Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    public static InitiatingSettings from(Config c, String homeCommunityId, String patientIdIssuer, String aeTitle) {
        return new InitiatingSettings(homeCommunityId, patientIdIssuer,
                path(c, "gateway.tls.keystore"), string(c, "gateway.tls.keystore.password"),
                path(c, "gateway.tls.truststore"), string(c, "gateway.tls.truststore.password"),
                path(c, "gateway.saml.keystore"), string(c, "gateway.saml.keystore.password"),
                string(c, "gateway.saml.issuer"),
                c.getOptionalValue("gateway.saml.organization", String.class).orElse(aeTitle),
                string(c, "gateway.saml.organization.id"),
                c.getOptionalValue("gateway.partner.breaker.failures", Integer.class).orElse(5),
                Duration.ofSeconds(c.getOptionalValue("gateway.partner.breaker.cooldown.seconds", Integer.class)
                        .orElse(30)),
                Duration.ofSeconds(c.getOptionalValue("gateway.local.query.deadline.seconds", Integer.class)
                        .orElse(30)));
    }

    public InitiatingSettings withTls(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {
        return new InitiatingSettings(homeCommunityId, patientIdIssuer, keyStore, keyStorePassword, trustStore,
                trustStorePassword, samlKeyStore, samlKeyStorePassword, samlIssuer, organization, organizationId,
                breakerFailures, breakerCooldown, localQueryDeadline);
    }

    public InitiatingSettings withSaml(Path keyStore, String password) {
        return new InitiatingSettings(homeCommunityId, patientIdIssuer, tlsKeyStore, tlsKeyStorePassword,
                tlsTrustStore, tlsTrustStorePassword, keyStore, password, samlIssuer, organization, organizationId,
                breakerFailures, breakerCooldown, localQueryDeadline);
    }

    public InitiatingSettings withBreaker(int failures, Duration cooldown) {
        return new InitiatingSettings(homeCommunityId, patientIdIssuer, tlsKeyStore, tlsKeyStorePassword,
                tlsTrustStore, tlsTrustStorePassword, samlKeyStore, samlKeyStorePassword, samlIssuer, organization,
                organizationId, failures, cooldown, localQueryDeadline);
    }

    private static Path path(Config c, String name) {
        String v = string(c, name);
        return blank(v) ? null : Path.of(v.strip());
    }

    private static String string(Config c, String name) {
        return c.getOptionalValue(name, String.class).orElse(null);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() { // no passwords in logs
        return "InitiatingSettings[tlsKeyStore=" + tlsKeyStore + ", tlsTrustStore=" + tlsTrustStore
                + ", samlKeyStore=" + samlKeyStore + ", samlIssuer=" + samlIssuer + ", breaker=" + breakerFailures
                + "/" + breakerCooldown + "]";
    }
}
