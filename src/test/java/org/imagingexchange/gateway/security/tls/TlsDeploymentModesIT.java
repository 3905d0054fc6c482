// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.imagingexchange.gateway.security.pki.ClientFiles;
import org.imagingexchange.gateway.security.pki.ClientKind;
import org.imagingexchange.gateway.security.pki.CommunityFiles;
import org.imagingexchange.gateway.security.pki.KeyStores;
import org.imagingexchange.gateway.security.pki.KeyType;
import org.imagingexchange.gateway.security.pki.LabPki;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.TestPaths;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The two ends of the TLS settings on real gateways: the development default (no key store
 * configured: a generated key pair, HTTPS without client certificates, as before) and the
 * production form (mutual TLS, {@code GATEWAY_HTTP_ENABLED=false}: no plain HTTP port at all).
 */
class TlsDeploymentModesIT {

    @Test
    @DisplayName("development default: generated key pair, HTTPS without client certificate, same protocol policy")
    void developmentDefault() throws Exception {
        int httpsPort = GatewayServer.freePort();
        Map<String, String> settings = Map.of("GATEWAY_HTTPS_PORT", Integer.toString(httpsPort),
                "GATEWAY_START_TIMEOUT", "600");
        try (GatewayServer gateway = GatewayServer.start("tls-dev", settings)) {
            Path dataDir = gateway.dataDir();
            char[] pw = Files.readString(dataDir.resolve("keystore-password")).strip().toCharArray();
            KeyStore ks = KeyStores.read(dataDir.resolve("liberty/gateway/resources/security/key.p12"), pw);
            X509Certificate dev = (X509Certificate) ks.getCertificate(ks.aliases().nextElement());
            assertEquals(dev.getSubjectX500Principal(), dev.getIssuerX500Principal(), "self-signed development key pair");

            TlsClients.Outcome o = TlsClients.get(TlsClients.context(null, dev), httpsPort, "/health/ready", null, null);
            assertEquals(200, o.status(), "HTTPS without a client certificate: " + o);
            assertEquals(200, gateway.get("/health/ready").statusCode(), "plain HTTP");
            Path pem = dataDir.resolve("dev-cert.pem");
            org.imagingexchange.gateway.security.pki.Pem.writePublic(pem, dev);
            OpensslProbe.Result old = OpensslProbe.connect(httpsPort, pem.toString(), null, "Q", "-tls1_1",
                    "-cipher", "DEFAULT@SECLEVEL=0");
            assertFalse(old.negotiated(), "TLS 1.1 in development mode: " + old);
            OpensslProbe.Result cbc = OpensslProbe.connect(httpsPort, pem.toString(), null, "Q", "-tls1_2",
                    "-cipher", "AES128-SHA");
            assertFalse(cbc.negotiated(), "static-RSA CBC in development mode: " + cbc);
            assertTrue(gateway.get("/services/rg/iti38").statusCode() != 403,
                    "without mutual TLS the partner path is not fenced (development only)");
        }
    }

    @Test
    @DisplayName("TLS-13 production form: GATEWAY_HTTP_ENABLED=false leaves no plain HTTP port; mutual TLS serves")
    void productionWithoutPlainHttp() throws Exception {
        Path root = TestPaths.projectDir().resolve("target/it/tls-prod-pki-" + System.nanoTime());
        LabPki pki = new LabPki(root);
        pki.init(LabPki.DEFAULT_CA, KeyType.EC_P256, Duration.ofDays(365), Duration.ofDays(30));
        CommunityFiles node = pki.community(LabPki.CommunityRequest.of("gw-prod", "urn:oid:1.3.6.1.4.1.21367.2026.78.1")
                .withKeyType(KeyType.EC_P256));
        ClientFiles partner = pki.client("partner", ClientKind.VALID, LabPki.DEFAULT_CA, null);
        int httpPort = GatewayServer.freePort();
        int httpsPort = GatewayServer.freePort();
        Map<String, String> settings = new HashMap<>(node.readEnv());
        settings.put("GATEWAY_HTTP_ENABLED", "false");
        settings.put("GATEWAY_HTTP_PORT", Integer.toString(httpPort));
        settings.put("GATEWAY_HTTPS_PORT", Integer.toString(httpsPort));
        settings.put("GATEWAY_START_TIMEOUT", "600");
        // ./gateway start waits on /health/ready over HTTPS, presenting the node's own certificate
        try (GatewayServer gateway = GatewayServer.start("tls-prod", settings)) {
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket("127.0.0.1", httpPort)) {
                    s.getOutputStream().write(1);
                }
            }, "plain HTTP port must not listen");
            SSLContext ctx = TlsClients.context(partner, pki.ca(LabPki.DEFAULT_CA).certificate());
            assertEquals(200, TlsClients.get(ctx, httpsPort, "/health/ready", null, null).status());
            TlsClients.Outcome none = TlsClients.get(TlsClients.context(null, pki.ca(LabPki.DEFAULT_CA).certificate()),
                    httpsPort, "/health/ready", null, null);
            assertTrue(none.handshakeRefused(), "TLS-01 here too: " + none);
            String log = Files.readString(gateway.messagesLog());
            assertFalse(log.contains("defaultHttpEndpoint has been started"), "HTTP endpoint started");
        }
    }
}
