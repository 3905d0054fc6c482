// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.bench;

import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.TestPaths;

/**
 * The gateway under test: one instance started by {@code ./gateway start} on free loopback ports,
 * with the embedded store and a fixed, pre-touched heap, in a data directory the calling script
 * knows (so its trap can stop it even when this JVM dies).
 */
final class BenchGateway implements AutoCloseable {
    static final String REPOSITORY = "1.3.6.1.4.1.21367.2026.98.2";

    private final Path dataDir;
    private final Map<String, String> env = new HashMap<>();
    private final int httpPort;
    private final int httpsPort;
    private final AtomicBoolean running = new AtomicBoolean();
    /** Stops the gateway when this JVM is killed (SIGTERM, Ctrl-C) before {@link #close()}. */
    private final Thread stopOnExit = new Thread(this::stopQuietly, "bench-gateway-stop");

    BenchGateway(Path dataDir, String heap) throws IOException {
        this(dataDir, heap, Map.of());
    }

    /**
     * A gateway with extra settings on top of the benchmark's (they win): a community's TLS
     * stores, homeCommunityId, partner file and so on, for the federation benchmark.
     */
    BenchGateway(Path dataDir, String heap, Map<String, String> settings) throws IOException {
        this.dataDir = dataDir;
        this.httpPort = GatewayServer.freePort();
        this.httpsPort = GatewayServer.freePort();
        env.put("GATEWAY_DATA_DIR", dataDir.toString());
        env.put("GATEWAY_HTTP_PORT", Integer.toString(httpPort));
        env.put("GATEWAY_HTTPS_PORT", Integer.toString(httpsPort));
        env.put("GATEWAY_DICOM_PORT", Integer.toString(GatewayServer.freePort()));
        env.put("GATEWAY_BIND_HOST", "127.0.0.1");
        env.put("GATEWAY_SKIP_BUILD", "1");
        // a loaded machine (other builds and servers) can take minutes to start Liberty
        env.put("GATEWAY_START_TIMEOUT", "360");
        env.put("GATEWAY_REPOSITORY_UNIQUE_ID", REPOSITORY);
        // no manifest publishing while we measure: it is not part of RAD-69
        env.put("GATEWAY_MANIFEST_STABLE_SECONDS", "3600");
        env.put("GATEWAY_JVM_ARGS", "-Xms" + heap + " -Xmx" + heap + " -XX:+AlwaysPreTouch");
        env.putAll(settings);
    }

    int httpsPort() {
        return httpsPort;
    }

    String repository() {
        return env.get("GATEWAY_REPOSITORY_UNIQUE_ID");
    }

    String jvmArgs() {
        return env.get("GATEWAY_JVM_ARGS");
    }

    void start() throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        running.set(true);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        launcher("start", Duration.ofMinutes(7));
    }

    String httpBase() {
        return "http://127.0.0.1:" + httpPort;
    }

    String rad69Url() {
        return httpBase() + "/services/xds/rad69";
    }

    Path storeRoot() {
        return dataDir.resolve("dicom");
    }

    Path messagesLog() {
        return dataDir.resolve("liberty/gateway/logs/messages.log");
    }

    /** The server JVM's pid, as Liberty writes it. */
    long pid() throws IOException {
        return Long.parseLong(Files.readString(dataDir.resolve("liberty/.pid/gateway.pid")).trim());
    }

    /** GET on the REST API; the body, or null for 404. */
    String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(httpBase() + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** Lines of messages.log that say the server ran out of memory or crashed. */
    String fatalLogLines() throws IOException {
        Path log = messagesLog();
        if (!Files.exists(log)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (var lines = Files.lines(log)) {
            lines.filter(l -> l.contains("OutOfMemoryError") || l.contains("StackOverflowError"))
                    .limit(5).forEach(l -> sb.append(l).append('\n'));
        }
        return sb.toString();
    }

    private void launcher(String command, Duration timeout) throws IOException, InterruptedException {
        Path log = dataDir.resolve("launcher-" + command + ".log");
        ProcessBuilder pb = new ProcessBuilder(TestPaths.projectDir().resolve("gateway").toString(), command)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("./gateway " + command + " timed out; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IOException("./gateway " + command + " failed (exit " + p.exitValue() + "):\n"
                    + Files.readString(log));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // shutting down already (the hook stops it), or never started
        }
        if (running.getAndSet(false)) {
            launcher("stop", Duration.ofMinutes(3));
        }
    }

    private void stopQuietly() {
        if (running.getAndSet(false)) {
            try {
                launcher("stop", Duration.ofMinutes(3));
            } catch (IOException | InterruptedException e) {
                System.err.println("could not stop the gateway in " + dataDir + ": " + e);
            }
        }
    }
}
