// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Orthanc (1.10, Debian's {@code /usr/sbin/Orthanc}) with the DICOMweb plugin, started for
 * a test on free ports with a fresh storage directory under {@code target/orthanc-peers/}, and
 * stopped (by its own PID) and deleted on {@link #close()}. Several may run at once.
 *
 * <p><b>Network exposure (relaxed mode).</b> Orthanc 1.10 cannot choose its listening address, so
 * its HTTP and DICOM ports listen on all interfaces while it runs. shared/peers/NOTES.md shows the
 * strict alternative (a private network namespace holding the test JVM too); for unit and
 * integration tests we accept the relaxed mode: {@code RemoteAccessAllowed=false} makes the HTTP
 * server refuse every client but loopback, and {@code DicomCheckModalityHost=true} with all
 * {@code DicomAlwaysAllow*} false except echo makes the DICOM server refuse AE titles and hosts
 * other than the declared loopback modalities. Only test data is ever stored.
 *
 * <p>A missing Orthanc binary or plugin FAILS the test with a message saying what to install;
 * it is never a reason to skip.
 *
 * <pre>
 * try (OrthancPeer pacs = OrthancPeer.builder().modality("GATEWAY", 11112).start()) {
 *     pacs.upload(files);
 *     DicomWebClient client = DicomWebClient.builder(pacs.dicomWebUrl()).build();
 * }
 * </pre>
 */
public final class OrthancPeer implements AutoCloseable {
    public static final Path ORTHANC = Path.of(System.getProperty("orthanc.binary", "/usr/sbin/Orthanc"));
    public static final Path DICOMWEB_PLUGIN = Path.of(System.getProperty("orthanc.dicomweb.plugin",
            "/usr/share/orthanc/plugins/libOrthancDicomWeb.so"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final int START_ATTEMPTS = 3;
    /** Orthanc refuses port 0 for a modality (NOTES gotcha 3); SCU-only AEs get this dummy port. */
    private static final int SCU_ONLY_PORT = 104;
    private static final Pattern AE_TITLE = Pattern.compile("[\\x20-\\x5B\\x5D-\\x7E]{1,16}");

    private final String name;
    private final String aeTitle;
    private final Path dir;
    private final int httpPort;
    private final int dicomPort;
    private final Process process;
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private boolean closed;

    private OrthancPeer(String name, String aeTitle, Path dir, int httpPort, int dicomPort, Process process) {
        this.name = name;
        this.aeTitle = aeTitle;
        this.dir = dir;
        this.httpPort = httpPort;
        this.dicomPort = dicomPort;
        this.process = process;
        this.shutdownHook = new Thread(process::destroyForcibly, "stop " + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An Orthanc with AE title ORTHANC and no modalities declared. */
    public static OrthancPeer start() throws IOException {
        return builder().start();
    }

    public int httpPort() {
        return httpPort;
    }

    /** The Orthanc process's id (benchmarks read its CPU time). */
    public long pid() {
        return process.pid();
    }

    public int dicomPort() {
        return dicomPort;
    }

    public String aeTitle() {
        return aeTitle;
    }

    /** Orthanc's REST root, {@code http://127.0.0.1:<port>}. */
    public URI httpUrl() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** The DICOMweb base URL, {@code http://127.0.0.1:<port>/dicom-web}. */
    public URI dicomWebUrl() {
        return URI.create("http://127.0.0.1:" + httpPort + "/dicom-web");
    }

    /** Storage and index directory, and {@code orthanc.log}. */
    public Path directory() {
        return dir;
    }

    /** Stores files through Orthanc's REST API ({@code POST /instances}), failing on any refusal. */
    public void upload(Path... files) throws IOException {
        for (Path file : files) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(httpUrl().resolve("/instances"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/dicom")
                    .POST(HttpRequest.BodyPublishers.ofFile(file))
                    .build());
            if (r.statusCode() != 200 || !r.body().matches("(?s).*\"Status\"\\s*:\\s*\"(Success|AlreadyStored)\".*")) {
                throw new IOException("Orthanc " + name + " refused " + file + ": HTTP " + r.statusCode() + " " + r.body());
            }
        }
    }

    /**
     * Stops Orthanc, waits for the process to end, and deletes its directory. The storage is
     * thrown away, so the process is killed at once (SIGKILL): a graceful stop takes Orthanc 1.10
     * about 3.5 s. With {@code -Dorthanc.peer.keep=true} the directory is kept for inspection
     * and Orthanc gets SIGTERM first, so its index is consistent.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        boolean keep = Boolean.getBoolean("orthanc.peer.keep");
        stop(process, keep);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook is harmless now
        }
        if (!keep) {
            deleteTree(dir);
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void stop(Process p, boolean graceful) {
        if (graceful) {
            p.destroy();
        } else {
            p.destroyForcibly();
        }
        try {
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Ports 1..65535 free on every interface right now (Orthanc binds them on 0.0.0.0). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(0));
            return s.getLocalPort();
        }
    }

    /** Settings of an {@link OrthancPeer}. */
    public static final class Builder {
        private String aeTitle = "ORTHANC";
        private final Map<String, Integer> modalities = new LinkedHashMap<>();
        private Path parentDir = Path.of(System.getProperty("orthanc.peer.dir", "target/orthanc-peers"));

        private Builder() {
        }

        /** Orthanc's own AE title; default ORTHANC. */
        public Builder aeTitle(String ae) {
            this.aeTitle = checkAe(ae);
            return this;
        }

        /** Declares a DICOM peer on 127.0.0.1 (C-MOVE destination, or an allowed SCU). */
        public Builder modality(String ae, int port) {
            if (port < 1 || port > 65534) {
                throw new IllegalArgumentException("Orthanc accepts modality ports 1..65534 only");
            }
            modalities.put(checkAe(ae), port);
            return this;
        }

        /** Declares an SCU-only peer on 127.0.0.1 (Orthanc never connects to it). */
        public Builder scu(String ae) {
            return modality(ae, SCU_ONLY_PORT);
        }

        /** Where the per-instance directories go; default {@code target/orthanc-peers}. */
        public Builder parentDirectory(Path dir) {
            this.parentDir = dir;
            return this;
        }

        /**
         * Starts Orthanc and returns once {@code GET /system} answers with this instance's name
         * and the DICOMweb plugin is loaded. A port taken between probing and binding makes
         * Orthanc exit; then it is retried on new ports, up to three times.
         */
        public OrthancPeer start() throws IOException {
            requireInstalled();
            Files.createDirectories(parentDir);
            List<String> failures = new ArrayList<>();
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                Path dir = Files.createTempDirectory(parentDir.toAbsolutePath(), "orthanc-");
                String name = "GW-TEST-" + dir.getFileName();
                int httpPort = freePort();
                int dicomPort = freePort();
                while (dicomPort == httpPort) {
                    dicomPort = freePort();
                }
                Path config = dir.resolve("orthanc.json");
                Files.writeString(config, Config.render(name, aeTitle, dir, httpPort, dicomPort, modalities));
                ProcessBuilder pb = new ProcessBuilder(ORTHANC.toString(), config.toString())
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("orthanc.log").toFile());
                pb.environment().put("TCP_NODELAY", "1");
                Process process = pb.start();
                OrthancPeer peer = new OrthancPeer(name, aeTitle, dir, httpPort, dicomPort, process);
                try {
                    peer.awaitReady();
                    return peer;
                } catch (IOException | RuntimeException e) {
                    failures.add("attempt " + attempt + ": " + e.getMessage());
                    peer.closeQuietly();
                }
            }
            throw new IllegalStateException("Orthanc did not start: " + String.join("; ", failures));
        }

        private static void requireInstalled() {
            if (!Files.isExecutable(ORTHANC)) {
                throw new IllegalStateException("Orthanc not found at " + ORTHANC
                        + ": install the Debian packages 'orthanc' and 'orthanc-dicomweb' "
                        + "(shared/peers/NOTES.md) or set -Dorthanc.binary; these tests never skip");
            }
            if (!Files.isReadable(DICOMWEB_PLUGIN)) {
                throw new IllegalStateException("Orthanc DICOMweb plugin not found at " + DICOMWEB_PLUGIN
                        + ": install the Debian package 'orthanc-dicomweb' or set -Dorthanc.dicomweb.plugin");
            }
        }

        private static String checkAe(String ae) {
            if (ae == null || !AE_TITLE.matcher(ae).matches() || ae.isBlank()) {
                throw new IllegalArgumentException("not an AE title: " + ae);
            }
            return ae;
        }
    }

    /** Polls {@code GET /system} every 50 ms until this Orthanc answers, it dies, or 30 s pass. */
    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Pattern ours = Pattern.compile("(?s).*\"Name\"\\s*:\\s*\"" + Pattern.quote(name) + "\".*");
        HttpRequest system = HttpRequest.newBuilder(httpUrl().resolve("/system")).timeout(Duration.ofSeconds(2)).build();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("Orthanc exited with " + process.exitValue() + "; log: " + logTail());
            }
            HttpResponse<String> r = null;
            try {
                r = send(system);
            } catch (IOException e) {
                // not listening yet
            }
            if (r != null && r.statusCode() == 200) {
                if (ours.matcher(r.body()).matches()) {
                    break;
                }
                throw new IOException("another Orthanc answers on port " + httpPort);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("Orthanc not answering GET /system after " + START_TIMEOUT + "; log: " + logTail());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting Orthanc", e);
            }
        }
        HttpResponse<String> plugins = send(HttpRequest.newBuilder(httpUrl().resolve("/plugins")).build());
        if (!plugins.body().contains("\"dicom-web\"")) {
            throw new IllegalStateException("Orthanc started without the DICOMweb plugin (" + DICOMWEB_PLUGIN + "): " + logTail());
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("orthanc.log"), StandardCharsets.ISO_8859_1);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            // best effort while reporting the start failure
        }
    }

    /**
     * Orthanc's configuration, after the working one in shared/peers/NOTES.md: UTF-8 default
     * encoding (gotcha 1), loopback-only HTTP clients, DICOM peers only as declared, no Lua, no
     * jobs saved, storage uncompressed so stored files are the uploaded bytes.
     */
    private static final class Config {
        private Config() {
        }

        static String render(String name, String ae, Path dir, int httpPort, int dicomPort, Map<String, Integer> modalities) {
            StringBuilder m = new StringBuilder();
            for (Map.Entry<String, Integer> e : modalities.entrySet()) {
                if (m.length() > 0) {
                    m.append(",\n");
                }
                m.append("    ").append(json(e.getKey().toLowerCase(java.util.Locale.ROOT))).append(" : [ ")
                        .append(json(e.getKey())).append(", \"127.0.0.1\", ").append(e.getValue()).append(" ]");
            }
            String storage = json(dir.toAbsolutePath().toString());
            return "{\n"
                    + "  \"Name\" : " + json(name) + ",\n"
                    + "  \"StorageDirectory\" : " + storage + ",\n"
                    + "  \"IndexDirectory\" : " + storage + ",\n"
                    + "  \"StorageCompression\" : false,\n"
                    + "  \"DefaultEncoding\" : \"Utf8\",\n"
                    + "  \"Plugins\" : [ " + json(DICOMWEB_PLUGIN.toString()) + " ],\n"
                    + "  \"HttpServerEnabled\" : true,\n"
                    + "  \"HttpPort\" : " + httpPort + ",\n"
                    + "  \"RemoteAccessAllowed\" : false,\n"
                    + "  \"AuthenticationEnabled\" : false,\n"
                    + "  \"SslEnabled\" : false,\n"
                    + "  \"ExecuteLuaEnabled\" : false,\n"
                    + "  \"HttpDescribeErrors\" : true,\n"
                    + "  \"DicomServerEnabled\" : true,\n"
                    + "  \"DicomAet\" : " + json(ae) + ",\n"
                    + "  \"DicomPort\" : " + dicomPort + ",\n"
                    + "  \"DicomCheckCalledAet\" : true,\n"
                    + "  \"DicomCheckModalityHost\" : true,\n"
                    + "  \"DicomAlwaysAllowEcho\" : true,\n"
                    + "  \"DicomAlwaysAllowStore\" : false,\n"
                    + "  \"DicomAlwaysAllowFind\" : false,\n"
                    + "  \"DicomAlwaysAllowFindWorklist\" : false,\n"
                    + "  \"DicomAlwaysAllowGet\" : false,\n"
                    + "  \"DicomAlwaysAllowMove\" : false,\n"
                    + "  \"DicomModalities\" : {\n" + m + "\n  },\n"
                    + "  \"DicomModalitiesInDatabase\" : false,\n"
                    + "  \"DicomScpTimeout\" : 30,\n"
                    + "  \"DicomScuTimeout\" : 10,\n"
                    + "  \"OrthancPeers\" : { },\n"
                    + "  \"OrthancPeersInDatabase\" : false,\n"
                    + "  \"ConcurrentJobs\" : 2,\n"
                    + "  \"SaveJobs\" : false,\n"
                    + "  \"StableAge\" : 2,\n"
                    + "  \"DicomWeb\" : {\n"
                    + "    \"Enable\" : true, \"Root\" : \"/dicom-web/\", \"EnableWado\" : true, \"WadoRoot\" : \"/wado\",\n"
                    + "    \"Host\" : \"127.0.0.1\", \"Ssl\" : false, \"StudiesMetadata\" : \"Full\", \"SeriesMetadata\" : \"Full\"\n"
                    + "  }\n"
                    + "}\n";
        }

        /** A JSON string literal. */
        private static String json(String s) {
            StringBuilder sb = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.append('"').toString();
        }
    }
}
