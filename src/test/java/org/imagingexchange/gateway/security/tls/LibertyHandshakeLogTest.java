// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagingexchange.gateway.audit.SecurityAlert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The messages.log follower: Liberty's real line format, start at the end, rotation, truncation, bounds. */
class LibertyHandshakeLogTest {
    @TempDir
    Path dir;

    /** Lines as Liberty 26 wrote them in MutualTlsIT's messages.log (one is followed by its stack trace). */
    static final String EMPTY_CHAIN = "[11/29/26, 23:09:40:867 UTC] 00000026 com.ibm.ws.channel.ssl.internal.SSLHandshakeErrorTracker"
            + "     E CWWKO0801E: The SSL connection cannot be initialized from the 127.0.0.1 host and 41,493 port on the"
            + " remote client to the 127.0.0.1 host and 40,006 port on the local server. Exception:"
            + " javax.net.ssl.SSLHandshakeException: Empty client certificate chain";
    static final String TLS1 = EMPTY_CHAIN.replace("41,493", "58,858").replace("Empty client certificate chain",
            "Client requested protocol TLSv1 is not enabled or supported in server context");
    static final String SUPPRESSED = "[11/29/26, 23:10:02:001 UTC] 00000026 com.ibm.ws.channel.ssl.internal.SSLHandshakeErrorTracker"
            + "     I CWWKO0804I: Maximum number of logged SSL handshake errors reached.";
    static final String OTHER = "[11/29/26, 23:09:41:402 UTC] 00000026 com.ibm.ws.kernel.feature I CWWKF0011I: The server is ready.";

    @Test
    void parsesTheClientAddressAndTheReason() {
        LibertyHandshakeLog.Event e = LibertyHandshakeLog.parse(EMPTY_CHAIN, Instant.EPOCH);
        assertEquals(LibertyHandshakeLog.Kind.REFUSED, e.kind());
        assertEquals("127.0.0.1", e.host());
        assertEquals("41493", e.port());
        assertEquals("Empty client certificate chain", e.reason());
        assertEquals("Client requested protocol TLSv1 is not enabled or supported in server context",
                LibertyHandshakeLog.parse(TLS1, Instant.EPOCH).reason());
        assertEquals(LibertyHandshakeLog.Kind.SUPPRESSED, LibertyHandshakeLog.parse(SUPPRESSED, Instant.EPOCH).kind());
        assertNull(LibertyHandshakeLog.parse(OTHER, Instant.EPOCH));
        assertNull(LibertyHandshakeLog.parse("\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)",
                Instant.EPOCH));
        LibertyHandshakeLog.Event ipv6 = LibertyHandshakeLog.parse(EMPTY_CHAIN.replace("from the 127.0.0.1 host",
                "from the 0:0:0:0:0:0:0:1 host"), Instant.EPOCH);
        assertEquals("0:0:0:0:0:0:0:1", ipv6.host());
        // another locale: still an alert, with Liberty's whole message as the reason
        LibertyHandshakeLog.Event other = LibertyHandshakeLog.parse("x E CWWKO0801E: Die SSL-Verbindung 127.0.0.1 ...",
                Instant.EPOCH);
        assertEquals("", other.host());
        assertEquals("Die SSL-Verbindung 127.0.0.1 ...", other.reason());
    }

    @Test
    void alertsNameTheClientAndTheReason() {
        SecurityAlert a = NodeAuthenticationAudit.alert(LibertyHandshakeLog.parse(EMPTY_CHAIN, Instant.EPOCH));
        assertEquals(SecurityAlert.Type.NODE_AUTHENTICATION, a.type());
        assertEquals("127.0.0.1", a.remoteAddress());
        assertTrue(a.reason().contains("from 127.0.0.1:41493: Empty client certificate chain"), a.reason());
        SecurityAlert s = NodeAuthenticationAudit.alert(LibertyHandshakeLog.parse(SUPPRESSED, Instant.EPOCH));
        assertTrue(s.reason().contains("no longer logged"), s.reason());
    }

    @Test
    void startsAtTheEndAndFollowsRotationAndTruncation() throws Exception {
        Path log = dir.resolve("messages.log");
        append(log, EMPTY_CHAIN, OTHER);
        try (LibertyHandshakeLog follower = LibertyHandshakeLog.open(log)) {
            assertEquals(List.of(), follower.poll().events(), "what was logged before start is not ours");
            append(log, TLS1, "\tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)");
            Files.writeString(log, EMPTY_CHAIN.substring(0, 40), StandardOpenOption.APPEND); // half-written line
            assertEquals(List.of("58858"), ports(follower.poll()));
            Files.writeString(log, EMPTY_CHAIN.substring(40) + "\n", StandardOpenOption.APPEND);
            assertEquals(List.of("41493"), ports(follower.poll()), "the line completed later is read whole");

            // Liberty's rotation: the last lines go to the old file, which is renamed, then a new messages.log
            append(log, TLS1.replace("58,858", "1,001"));
            Files.move(log, dir.resolve("messages_26.11.29_23.10.00.0.log"));
            assertEquals(List.of("1001"), ports(follower.poll()), "the renamed file's tail, new file not there yet");
            append(log, TLS1.replace("58,858", "1,002"), SUPPRESSED);
            LibertyHandshakeLog.Batch b = follower.poll();
            assertEquals(List.of("1002", ""), ports(b), "the new file from its first line");
            assertEquals(LibertyHandshakeLog.Kind.SUPPRESSED, b.events().get(1).kind());

            // truncated in place (copytruncate): read again from the start
            Files.writeString(log, TLS1.replace("58,858", "1,003") + "\n", StandardOpenOption.TRUNCATE_EXISTING);
            assertEquals(List.of("1003"), ports(follower.poll()));
            assertEquals(List.of(), follower.poll().events(), "nothing twice");
        }
    }

    @Test
    void aFloodIsBoundedAndCounted() throws Exception {
        Path log = dir.resolve("messages.log");
        Files.writeString(log, "");
        try (LibertyHandshakeLog follower = LibertyHandshakeLog.open(log)) {
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < LibertyHandshakeLog.MAX_EVENTS + 37; i++) {
                flood.append(EMPTY_CHAIN).append('\n');
            }
            Files.writeString(log, flood, StandardOpenOption.APPEND);
            LibertyHandshakeLog.Batch b = follower.poll();
            assertEquals(LibertyHandshakeLog.MAX_EVENTS, b.events().size());
            assertEquals(37, b.dropped());
            assertEquals(0, b.skippedBytes());
            assertEquals(0, follower.poll().dropped(), "counted once");
        }
    }

    @Test
    void locatesTheLogFromLibertysSettingsOrNot() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("out/gateway/logs"));
        Files.writeString(logs.resolve("messages.log"), "");
        Map<String, String> props = Map.of("server.output.dir", dir.resolve("out/gateway").toString());
        assertEquals(Optional.of(logs.resolve("messages.log")),
                LibertyHandshakeLog.locate(Map.of(), props::get));
        assertEquals(Optional.of(logs.resolve("messages.log")), LibertyHandshakeLog.locate(
                Map.of("WLP_OUTPUT_DIR", dir.resolve("out").toString()), Map.of("wlp.server.name", "gateway")::get));
        assertEquals(Optional.of(logs.resolve("messages.log")),
                LibertyHandshakeLog.locate(Map.of("LOG_DIR", logs.toString()), k -> null));
        assertEquals(Optional.empty(), LibertyHandshakeLog.locate(Map.of("LOG_DIR", dir.resolve("nowhere").toString()),
                Map.of("user.dir", dir.toString())::get));
    }

    private static void append(Path file, String... lines) throws Exception {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static List<String> ports(LibertyHandshakeLog.Batch b) {
        return b.events().stream().map(LibertyHandshakeLog.Event::port).toList();
    }
}
