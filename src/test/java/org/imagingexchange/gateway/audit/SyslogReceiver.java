// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Audit Record Repository for tests: Debian's rsyslog with its GnuTLS driver (packages
 * {@code rsyslog} and {@code rsyslog-gnutls}), started on a loopback port with an RFC 5425 TLS
 * input that requires a client certificate from the test CA. Every message it receives is written
 * as one line {@code PRI|VERSION|APP-NAME|PROCID|MSGID|MSG}; rsyslog splits the stream itself
 * (octet-counted framing), so a wrongly framed message shows as a broken one.
 */
final class SyslogReceiver implements AutoCloseable {
    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/rsyslogd"), Path.of("/sbin/rsyslogd"),
            Path.of("/usr/bin/rsyslogd"));
    private static final Path GTLS_MODULE_DIRS = Path.of("/usr/lib/x86_64-linux-gnu/rsyslog");

    /** One received syslog message. */
    record Frame(String pri, String version, String appName, String procId, String msgId, String msg) {
        /** The XML of the message, without the BOM and the XML declaration. */
        String xml() {
            String s = msg.startsWith("\uFEFF") ? msg.substring(1) : msg;
            if (s.startsWith("<?xml")) {
                s = s.substring(s.indexOf("?>") + 2);
            }
            return s.trim();
        }
    }

    private final Path dir;
    private final int port;
    private final Path binary;
    private Process process;

    private SyslogReceiver(Path dir, int port, Path binary) {
        this.dir = dir;
        this.port = port;
        this.binary = binary;
    }

    /** Starts rsyslogd on 127.0.0.1:{@code port}; fails with what to install when it is missing. */
    static SyslogReceiver start(Path dir, TestPki pki, int port) throws Exception {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new AssertionError("rsyslogd not found: the ATNA transport tests need a real syslog receiver;"
                        + " install Debian's packages rsyslog and rsyslog-gnutls (.ci/run does)"));
        if (!hasGtlsDriver()) {
            throw new AssertionError("rsyslog's GnuTLS driver (lmnsd_gtls.so) not found: install rsyslog-gnutls");
        }
        Files.createDirectories(dir.resolve("work"));
        Files.writeString(dir.resolve("rsyslog.conf"), config(dir, pki, port));
        SyslogReceiver r = new SyslogReceiver(dir, port, binary);
        r.start();
        return r;
    }

    private static boolean hasGtlsDriver() throws IOException {
        for (Path d : List.of(GTLS_MODULE_DIRS, Path.of("/usr/lib/aarch64-linux-gnu/rsyslog"),
                Path.of("/usr/lib/rsyslog"), Path.of("/usr/lib64/rsyslog"))) {
            if (Files.exists(d.resolve("lmnsd_gtls.so"))) {
                return true;
            }
        }
        return false;
    }

    private static String config(Path dir, TestPki pki, int port) {
        return """
                global(
                  workDirectory="%1$s/work"
                  maxMessageSize="512k"
                  defaultNetstreamDriver="gtls"
                  defaultNetstreamDriverCAFile="%2$s"
                  defaultNetstreamDriverCertFile="%3$s"
                  defaultNetstreamDriverKeyFile="%4$s"
                )
                module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="x509/certvalid")
                template(name="frame" type="list") {
                  property(name="pri") constant(value="|")
                  property(name="protocol-version") constant(value="|")
                  property(name="app-name") constant(value="|")
                  property(name="procid") constant(value="|")
                  property(name="msgid") constant(value="|")
                  property(name="msg") constant(value="\\n")
                }
                ruleset(name="audit") {
                  action(type="omfile" file="%1$s/received.log" template="frame")
                }
                input(type="imtcp" address="127.0.0.1" port="%5$d" ruleset="audit")
                *.* action(type="omfile" file="%1$s/rsyslogd.log")
                """.formatted(dir, pki.caPem, pki.serverCertPem, pki.serverKeyPem, port);
    }

    int port() {
        return port;
    }

    /** (Re)starts the daemon and waits until its port accepts connections. */
    synchronized void start() throws Exception {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder(binary.toString(), "-n", "-f", dir.resolve("rsyslog.conf").toString(),
                "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("rsyslogd.out").toFile()))
                .start();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("rsyslogd exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("rsyslogd.out")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        stop();
        throw new AssertionError("rsyslogd did not listen on 127.0.0.1:" + port + " within 30 s: "
                + Files.readString(dir.resolve("rsyslogd.out")) + "\n" + log());
    }

    /** Stops the daemon (the collector goes down). */
    synchronized void stop() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    /** Every message received so far, in order of arrival. */
    List<Frame> frames() throws IOException {
        Path file = dir.resolve("received.log");
        List<Frame> frames = new ArrayList<>();
        if (!Files.exists(file)) {
            return frames;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\|", 6);
            if (f.length < 6) {
                throw new AssertionError("a received message that is not a syslog frame: " + line);
            }
            frames.add(new Frame(f[0], f[1], f[2], f[3], f[4], f[5]));
        }
        return frames;
    }

    /** Waits until at least {@code n} messages arrived, then returns them all. */
    List<Frame> awaitFrames(int n, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        List<Frame> frames = frames();
        while (frames.size() < n && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            frames = frames();
        }
        if (frames.size() < n) {
            throw new AssertionError("the syslog receiver got " + frames.size() + " message(s), expected " + n
                    + "; rsyslogd log:\n" + log());
        }
        return frames;
    }

    String log() throws IOException {
        Path log = dir.resolve("rsyslogd.log");
        return Files.exists(log) ? Files.readString(log) : "(none)";
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
