// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.imagingexchange.gateway.security.pki.CommunityFiles;
import org.imagingexchange.gateway.security.pki.KeyType;
import org.imagingexchange.gateway.security.pki.LabPki;
import org.imagingexchange.gateway.security.pki.Pem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TlsClientIdentity} from a servlet request, and {@link PartnerPortFilter}'s decisions. */
class TlsClientIdentityTest {
    @TempDir
    static Path dir;
    static X509Certificate node;

    @BeforeAll
    static void pki() throws Exception {
        LabPki pki = new LabPki(dir);
        pki.init(LabPki.DEFAULT_CA, KeyType.EC_P256, Duration.ofDays(30), Duration.ofDays(7));
        CommunityFiles f = pki.community(LabPki.CommunityRequest.of("hospital-a", "urn:oid:1.2.3.4")
                .withHosts(List.of("gw-a.example.org")).withKeyType(KeyType.EC_P256));
        node = Pem.readCertificates(f.tlsCertificate()).get(0);
    }

    @Test
    void identityOfTheLeafCertificate() throws Exception {
        HttpServletRequest req = request(Map.of(TlsClientIdentity.CERTIFICATE_ATTRIBUTE,
                new X509Certificate[] {node}), true, "/services", "/rg/iti38");
        TlsClientIdentity id = TlsClientIdentity.from(req).orElseThrow();
        assertEquals("CN=hospital-a,OU=gateway,O=Imaging Exchange Lab", id.subject());
        assertEquals("CN=lab-ca,OU=Test PKI,O=Imaging Exchange Lab", id.issuer());
        assertEquals(List.of("localhost", "gw-a.example.org"), id.dnsNames());
        assertEquals(List.of("127.0.0.1"), id.ipAddresses());
        assertEquals(List.of("urn:oid:1.2.3.4"), id.uris());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(node.getEncoded())), id.sha256());
        assertEquals(node.getSerialNumber().toString(16), id.serial());
        assertFalse(id.toString().contains("BEGIN"), "no certificate dump in logs");
    }

    @Test
    void noCertificateNoIdentity() {
        assertTrue(TlsClientIdentity.from(request(Map.of(), false, "/services", "/rg/iti38")).isEmpty());
        assertTrue(TlsClientIdentity.from(request(Map.of(TlsClientIdentity.CERTIFICATE_ATTRIBUTE, new X509Certificate[0]),
                true, "/services", "/rg/iti38")).isEmpty());
    }

    @Test
    void filterRefusesPartnerPathsWithoutMutualTls() throws Exception {
        PartnerPortFilter f = new PartnerPortFilter();
        f.configure(true, "/services/rg/, services/xcai/");
        Map<String, Object> cert = Map.of(TlsClientIdentity.CERTIFICATE_ATTRIBUTE, new X509Certificate[] {node});
        assertEquals(403, run(f, request(Map.of(), false, "/services", "/rg/iti38")));
        assertEquals(403, run(f, request(Map.of(), true, "/services", "/rg/iti38")), "TLS without client certificate");
        assertEquals(403, run(f, request(Map.of(), false, "/services", "/xcai/rad75")));
        assertEquals(403, run(f, request(Map.of(), false, "/services", "//rg//iti38")));
        assertEquals(200, run(f, request(cert, true, "/services", "/rg/iti38")));
        assertEquals(200, run(f, request(Map.of(), false, "/services", "/xds/iti18")), "local path on HTTP");
        assertEquals(200, run(f, request(Map.of(), false, "/health", "/ready")));

        PartnerPortFilter dev = new PartnerPortFilter();
        dev.configure(false, PartnerPortFilter.DEFAULT_PATHS);
        assertEquals(200, run(dev, request(Map.of(), false, "/services", "/rg/iti38")), "no mutual TLS configured");
    }

    private static int run(PartnerPortFilter f, HttpServletRequest req) throws Exception {
        AtomicBoolean passed = new AtomicBoolean();
        int[] status = {200};
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(
                HttpServletResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus" -> status[0] = (Integer) a[0];
                        case "getOutputStream" -> {
                            return new ServletOutputStream() {
                                final ByteArrayOutputStream sink = new ByteArrayOutputStream();

                                @Override
                                public boolean isReady() {
                                    return true;
                                }

                                @Override
                                public void setWriteListener(WriteListener l) {}

                                @Override
                                public void write(int b) {
                                    sink.write(b);
                                }
                            };
                        }
                        default -> { }
                    }
                    return null;
                });
        FilterChain chain = (rq, rs) -> passed.set(true);
        f.doFilter(req, resp, chain);
        assertEquals(status[0] == 200, passed.get());
        return status[0];
    }

    private static HttpServletRequest request(Map<String, Object> attrs, boolean secure, String servletPath,
            String pathInfo) {
        Map<String, Object> a = new HashMap<>(attrs);
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                    case "getAttribute" -> a.get((String) args[0]);
                    case "isSecure" -> secure;
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    case "getRequestURI" -> servletPath + pathInfo;
                    case "getContextPath" -> "";
                    case "getMethod" -> "POST";
                    case "getRemoteAddr" -> "127.0.0.1";
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    case "toString" -> "request " + servletPath + pathInfo;
                    default -> null;
                });
    }

    @Test
    void nothingFromNodeAuthenticationFailuresOutsideLiberty() {
        assertFalse(NodeAuthenticationFailures.installed());
        assertEquals(List.of(), NodeAuthenticationFailures.drain());
    }
}
