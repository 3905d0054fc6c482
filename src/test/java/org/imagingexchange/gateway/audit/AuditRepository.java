// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.imagingexchange.gateway.testing.GatewayServer;

/**
 * A real Audit Record Repository ({@link SyslogReceiver}: rsyslog, TLS syslog requiring the
 * gateway's client certificate of a {@link TestPki}) and the {@code GATEWAY_AUDIT_*} settings that
 * make a real gateway send to it, for ITs of any package.
 *
 * <pre>
 * try (AuditRepository arr = AuditRepository.start(dir)) {
 *     settings.putAll(arr.gatewaySettings());
 *     ... GatewayServer.start(name, settings) ...
 *     arr.awaitMessages(Duration.ofSeconds(30), "csd-code=\"110126\"", "CN=c-expired")
 * }
 * </pre>
 */
public final class AuditRepository implements AutoCloseable {
    private final SyslogReceiver receiver;
    private final TestPki pki;
    private final int port;

    private AuditRepository(SyslogReceiver receiver, TestPki pki, int port) {
        this.receiver = receiver;
        this.pki = pki;
        this.port = port;
    }

    /** Makes a PKI under {@code dir} and starts rsyslog on a free loopback port. */
    public static AuditRepository start(Path dir) throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        int port = GatewayServer.freePort();
        return new AuditRepository(SyslogReceiver.start(dir.resolve("rsyslog"), pki, port), pki, port);
    }

    /** The gateway settings (environment) that send the audit to this repository. */
    public Map<String, String> gatewaySettings() {
        return Map.of("GATEWAY_AUDIT_HOST", "127.0.0.1",
                "GATEWAY_AUDIT_PORT", Integer.toString(port),
                "GATEWAY_AUDIT_TLS_TRUSTSTORE", pki.trustStore.toString(),
                "GATEWAY_AUDIT_TLS_TRUSTSTORE_PASSWORD", TestPki.PASSWORD,
                "GATEWAY_AUDIT_TLS_KEYSTORE", pki.keyStore.toString(),
                "GATEWAY_AUDIT_TLS_KEYSTORE_PASSWORD", TestPki.PASSWORD);
    }

    /**
     * The received AuditMessages containing every fragment, each checked against the DICOM audit
     * schema (dicom2017c.xsd); waits until there is at least one.
     */
    public List<String> awaitMessages(Duration timeout, String... fragments) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<String> found = receiver.frames().stream().map(SyslogReceiver.Frame::xml)
                    .filter(x -> Arrays.stream(fragments).allMatch(x::contains)).toList();
            if (!found.isEmpty()) {
                for (String xml : found) {
                    AuditXml.validate(xml);
                }
                return found;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no audit message with " + Arrays.toString(fragments) + " reached the "
                        + "repository within " + timeout + "; rsyslogd log:\n" + receiver.log());
            }
            Thread.sleep(200);
        }
    }

    /** The receiver itself, for tests of the audit package that look at the syslog frames. */
    SyslogReceiver receiver() {
        return receiver;
    }

    @Override
    public void close() throws Exception {
        receiver.close();
    }
}
