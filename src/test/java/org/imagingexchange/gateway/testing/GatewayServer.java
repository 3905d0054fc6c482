// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real gateway instance for integration tests, started and stopped through the launcher
 * ({@code ./gateway start|stop}) exactly as a user would, with its own ports and data directory
 * so several can run side by side. Waits on {@code /health/ready}, never on a sleep.
 */
public final class GatewayServer implements AutoCloseable {
    private final Path dataDir;
    private final Map<String, String> env = new HashMap<>();
    private final int httpPort;
    private final int httpsPort;
    private final int dicomPort;

    private GatewayServer(Path dataDir, Map<String, String> settings) throws IOException {
        this.dataDir = dataDir;
        this.httpPort = freePort();
        this.httpsPort = freePort();
        this.dicomPort = freePort();
        env.put("GATEWAY_DATA_DIR", dataDir.toString());
        env.put("GATEWAY_HTTP_PORT", Integer.toString(httpPort));
        env.put("GATEWAY_HTTPS_PORT", Integer.toString(httpsPort));
        env.put("GATEWAY_DICOM_PORT", Integer.toString(dicomPort));
        env.put("GATEWAY_BIND_HOST", "127.0.0.1");
        env.put("GATEWAY_SKIP_BUILD", "1");
        env.put("GATEWAY_JVM_ARGS", "-Xmx512m");
        env.put("GATEWAY_START_TIMEOUT", "420");
        env.putAll(settings);
    }

    /** Starts an instance named {@code name} under target/it/ with the given extra settings. */
    public static GatewayServer start(String name, Map<String, String> settings) throws Exception {
        Path dir = TestPaths.projectDir().resolve("target/it").resolve(name + "-" + System.nanoTime());
        Files.createDirectories(dir);
        GatewayServer server = new GatewayServer(dir, settings);
        // the launcher gives up after GATEWAY_START_TIMEOUT (default 180 s); wait a little longer than it
        long launcherSeconds = Long.parseLong(server.env.getOrDefault("GATEWAY_START_TIMEOUT", "180"));
        try {
            server.launcher("start", Duration.ofSeconds(Math.max(240, launcherSeconds + 60)));
        } catch (Exception | AssertionError e) {
            try {
                server.close(); // never leave a half-started server behind
            } catch (Exception stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
        return server;
    }

    public String httpBase() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The HTTPS port by the name in the node certificates of the lab PKI. */
    public String httpsBase() {
        return "https://localhost:" + env.get("GATEWAY_HTTPS_PORT");
    }

    public String soapUrl(String path) {
        return httpBase() + "/services/" + path;
    }

    public int dicomPort() {
        return dicomPort;
    }

    public String aeTitle() {
        return env.getOrDefault("GATEWAY_AE_TITLE", "GATEWAY");
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path messagesLog() {
        return dataDir.resolve("liberty/gateway/logs/messages.log");
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(httpBase() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void launcher(String command, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(TestPaths.projectDir().resolve("gateway").toString(), command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("launcher-" + command + ".log").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("./gateway " + command + " timed out; see " + dataDir);
        }
        if (p.exitValue() != 0) {
            String log = Files.exists(messagesLog()) ? Files.readString(messagesLog()) : "(no messages.log)";
            throw new IllegalStateException("./gateway " + command + " failed (exit " + p.exitValue() + "):\n"
                    + Files.readString(dataDir.resolve("launcher-" + command + ".log")) + "\n" + tail(log, 6000));
        }
    }

    /** The Liberty server's process id (from its pid file). */
    public long pid() throws IOException {
        return Long.parseLong(Files.readString(dataDir.resolve("liberty/.pid/gateway.pid")).strip());
    }

    /** SIGKILL of the server process, as a crash: no shutdown hook, no clean stop. Waits until it is gone. */
    public void kill() throws IOException, InterruptedException {
        long pid = pid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("server " + pid + " survived SIGKILL for 30 s");
            }
            Thread.sleep(50);
        }
    }

    /** Starts the same instance again (same ports, data directory and settings), after {@link #kill()}. */
    public void restart() throws IOException, InterruptedException {
        long launcherSeconds = Long.parseLong(env.getOrDefault("GATEWAY_START_TIMEOUT", "180"));
        launcher("start", Duration.ofSeconds(Math.max(240, launcherSeconds + 60)));
    }

    private static String tail(String s, int max) {
        return s.length() <= max ? s : s.substring(s.length() - max);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private boolean stopped;

    /** Stops the instance; safe to call twice. */
    @Override
    public synchronized void close() throws Exception {
        if (!stopped) {
            stopped = true;
            launcher("stop", Duration.ofMinutes(1));
        }
    }
}
