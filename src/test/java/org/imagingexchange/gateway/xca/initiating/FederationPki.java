// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import org.imagingexchange.gateway.community.Certificates;
import org.imagingexchange.gateway.community.TlsIdentity;
import org.imagingexchange.gateway.security.pki.CommunityFiles;
import org.imagingexchange.gateway.security.pki.KeyType;
import org.imagingexchange.gateway.security.pki.LabPki;
import org.imagingexchange.gateway.testing.PartnerFiles;
import org.imagingexchange.gateway.testing.TestPaths;

/**
 * The lab PKI of the test federation, made with the project's own {@link LabPki} once per
 * build under target/test-pki-xca and reused: one CA, our gateway (community A) and the
 * partner communities B, C and D, each with TLS node keys (serverAuth + clientAuth, SAN
 * 127.0.0.1) and a SAML signing key.
 */
final class FederationPki {
    static final String HCID_A = "urn:oid:1.3.6.1.4.1.21367.2026.1.1";
    static final String HCID_B = "urn:oid:1.3.6.1.4.1.21367.2026.2.1";
    static final String HCID_C = "urn:oid:1.3.6.1.4.1.21367.2026.3.1";
    static final String HCID_D = "urn:oid:1.3.6.1.4.1.21367.2026.4.1";
    static final String ISSUER_A = "1.3.6.1.4.1.21367.2026.1.3";

    private static FederationPki instance;

    final Path root;

    private FederationPki(Path root) {
        this.root = root;
    }

    static synchronized FederationPki get() throws Exception {
        if (instance == null) {
            Path root = TestPaths.projectDir().resolve("target/test-pki-xca");
            LabPki pki = new LabPki(root);
            if (!Files.exists(pki.communityDir("gw-d").resolve("keystore.p12"))) {
                pki.init(LabPki.DEFAULT_CA, KeyType.EC_P256, Duration.ofDays(30), Duration.ofDays(30));
                for (String[] c : new String[][] {{"gw-a", HCID_A}, {"gw-b", HCID_B}, {"gw-c", HCID_C}, {"gw-d", HCID_D}}) {
                    pki.community(LabPki.CommunityRequest.of(c[0], c[1]).withKeyType(KeyType.EC_P256).replacing(true));
                }
            }
            instance = new FederationPki(root);
        }
        return instance;
    }

    CommunityFiles community(String name) {
        return new CommunityFiles(new LabPki(root).communityDir(name));
    }

    String password(String community, String key) throws Exception {
        Map<String, String> p = community(community).readPasswords();
        return p.get(key);
    }

    /**
     * The community's lab node certificate as a partner-file TLS identity (subject DN and
     * fingerprint); the community is created first if this PKI does not have it yet.
     */
    synchronized TlsIdentity tlsIdentity(String name) throws Exception {
        if (!Files.exists(community(name).keyStore())) {
            new LabPki(root).community(LabPki.CommunityRequest.of(name, null).withKeyType(KeyType.EC_P256));
        }
        X509Certificate cert = nodeCertificate(name);
        return new TlsIdentity(cert.getSubjectX500Principal(), Certificates.sha256(cert));
    }

    X509Certificate nodeCertificate(String name) throws Exception {
        return PartnerFiles.nodeCertificate(community(name));
    }

    /** Settings of our gateway (A) with its TLS stores and SAML signing key. */
    InitiatingSettings settingsOfA() throws Exception {
        CommunityFiles a = community("gw-a");
        return InitiatingSettings.defaults(HCID_A, ISSUER_A)
                .withTls(a.keyStore(), password("gw-a", "keystore.password"), a.trustStore(),
                        password("gw-a", "truststore.password"))
                .withSaml(a.samlKeyStore(), password("gw-a", "saml-signing.password"));
    }
}
