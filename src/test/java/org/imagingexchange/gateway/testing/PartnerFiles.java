// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.imagingexchange.gateway.security.pki.CommunityFiles;
import org.imagingexchange.gateway.security.pki.KeyStores;
import org.imagingexchange.gateway.security.pki.Pem;

/**
 * Partner files (README "Join a federation") for gateways whose credentials come from the lab
 * PKI: what FederationIT and bench/federation-benchmark give their gateways.
 */
public final class PartnerFiles {
    private PartnerFiles() {}

    /**
     * The responding side's partner file naming one caller: its TLS node certificate (subject DN)
     * and its SAML signing certificate (written beside the file), any purpose and role. The
     * file is {@code dir/partners.yaml}.
     */
    public static Path naming(CommunityFiles caller, String name, String homeCommunityId, Path dir) throws Exception {
        Map<String, String> passwords = caller.readPasswords();
        X509Certificate tls = nodeCertificate(caller);
        X509Certificate saml = (X509Certificate) KeyStores.read(caller.samlKeyStore(),
                passwords.get("saml-signing.password").toCharArray()).getCertificate("saml");
        Files.createDirectories(dir);
        Pem.writePublic(dir.resolve(name + "-saml.pem"), saml);
        Path file = dir.resolve("partners.yaml");
        Files.writeString(file, """
                partners:
                  - name: %s
                    homeCommunityId: %s
                    tls:
                      - subjectDn: "%s"
                    samlIssuers:
                      - entityId: %s
                        signingCertificates: [%s-saml.pem]
                    purposesOfUse: any
                    roles: any
                """.formatted(name, homeCommunityId, tls.getSubjectX500Principal().getName(), homeCommunityId, name));
        return file;
    }

    /** The community's TLS node certificate (server and client). */
    public static X509Certificate nodeCertificate(CommunityFiles community) throws Exception {
        return (X509Certificate) KeyStores.read(community.keyStore(),
                community.readPasswords().get("keystore.password").toCharArray()).getCertificate("tls");
    }

    /** Its subject DN as the partner file writes it. */
    public static String subjectOf(CommunityFiles community) throws Exception {
        return nodeCertificate(community).getSubjectX500Principal().getName();
    }

    /**
     * The initiating side's entry (YAML, under {@code partners:}) for a partner whose responding
     * endpoints are under {@code base} and whose server certificate has subject {@code tlsSubjectDn}
     * (pinned); assertions issued and signed by the initiating gateway.
     */
    public static String initiatingEntry(String name, String homeCommunityId, String tlsSubjectDn, String base,
                                         String queryDeadline) {
        return "  - name: " + name + "\n    homeCommunityId: " + homeCommunityId + "\n"
                + "    tls:\n      - subjectDn: \"" + tlsSubjectDn + "\"\n"
                + "    endpoints: {iti38: " + base + "iti38, iti39: " + base + "iti39, rad75: " + base + "rad75}\n"
                + "    timeouts: {connect: 5s, idle: 60s, query: " + queryDeadline + "}\n"
                + "    maxConcurrentRequests: 4\n    outboundAssertion: issue\n";
    }
}
