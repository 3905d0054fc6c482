// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows Liberty's {@code messages.log} for the handshakes refused before any trust manager of
 * ours runs (CATALOGUE TLS-01 no client certificate, TLS-09 old protocol, TLS-10 weak suites):
 * Liberty builds its SSL context from SunJSSE by name, so its {@code CWWKO0801E} line (client
 * address and the JDK's reason) is the only record the application can get of them
 * (conformance/security-coverage-tls.md). {@code CWWKO0804I} says Liberty stopped logging them.
 * <p>Starts at the end of the file; {@link #poll()} returns what was appended since, following
 * the file across rotation (messages.log renamed to messages_&lt;date&gt;.log) and truncation. Work
 * per poll is bounded: at most {@link #MAX_EVENTS} events and {@link #MAX_BYTES} bytes; the rest
 * is counted in {@link Batch#dropped()} / {@link Batch#skippedBytes()}, never queued.
 * <pre>
 *   LibertyHandshakeLog log = LibertyHandshakeLog.open(LibertyHandshakeLog.locate(System.getenv(), System::getProperty).get());
 *   LibertyHandshakeLog.Batch b = log.poll();   // every second
 * </pre>
 */
final class LibertyHandshakeLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LibertyHandshakeLog.class.getName());
    static final int MAX_EVENTS = 1000;
    static final int MAX_BYTES = 8 << 20;
    /** Longer lines are cut (a stack-trace frame or a hostile reason cannot grow the buffer). */
    static final int MAX_LINE = 16 << 10;
    static final int MAX_REASON = 500;

    // "... CWWKO0801E: The SSL connection cannot be initialized from the 127.0.0.1 host and 41,493 port on the
    // remote client to the 127.0.0.1 host and 52,876 port on the local server. Exception: javax.net.ssl.X: reason"
    private static final Pattern REFUSED = Pattern.compile("CWWKO0801E: .*? from the (\\S+) host and ([\\d,.\\s\u00a0\u202f']+?) port"
            + " on the remote client.*?\\. Exception: (?:javax\\.net\\.ssl\\.\\w+: )?(.*)$");

    enum Kind { REFUSED, SUPPRESSED }

    /** One recognised line: a refused handshake (client host, port or "", reason), or suppression started. */
    record Event(Kind kind, Instant time, String host, String port, String reason) {}

    /** What one poll found, and what it left out to stay bounded. */
    record Batch(List<Event> events, long dropped, long skippedBytes) {
        static final Batch EMPTY = new Batch(List.of(), 0, 0);
    }

    private final Path file;
    private FileChannel channel;
    private Object fileKey;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

    private LibertyHandshakeLog(Path file) {
        this.file = file;
    }

    /** Follows {@code file} from its current end (what Liberty logged before we started is not ours to audit). */
    static LibertyHandshakeLog open(Path file) throws IOException {
        LibertyHandshakeLog log = new LibertyHandshakeLog(file);
        log.reopen();
        log.channel.position(log.channel.size());
        return log;
    }

    /**
     * Where Liberty writes its messages: {@code LOG_DIR}, then Liberty's log directory property,
     * then {@code WLP_OUTPUT_DIR/<server>/logs}, then {@code logs/} of the working directory (the
     * server script runs Liberty in its output directory). The first existing file wins.
     */
    static Optional<Path> locate(Map<String, String> env, UnaryOperator<String> sysprop) {
        String name = firstNonBlank(sysprop.apply("com.ibm.ws.logging.message.file.name"), "messages.log");
        Set<Path> candidates = new LinkedHashSet<>();
        add(candidates, env.get("LOG_DIR"), name);
        add(candidates, sysprop.apply("com.ibm.ws.logging.log.directory"), name);
        add(candidates, sysprop.apply("server.output.dir"), "logs/" + name);
        String server = sysprop.apply("wlp.server.name");
        if (env.get("WLP_OUTPUT_DIR") != null && server != null) {
            add(candidates, env.get("WLP_OUTPUT_DIR"), server + "/logs/" + name);
        }
        add(candidates, sysprop.apply("user.dir"), "logs/" + name);
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }

    private static void add(Set<Path> to, String dir, String rest) {
        if (dir != null && !dir.isBlank()) {
            to.add(Path.of(dir).resolve(rest).toAbsolutePath().normalize());
        }
    }

    private static String firstNonBlank(String a, String b) {
        return a == null || a.isBlank() ? b : a;
    }

    Path file() {
        return file;
    }

    /** Reads what was appended since the last poll (rest of a rotated file first, then the new one). */
    Batch poll() throws IOException {
        List<Event> events = new ArrayList<>();
        long[] dropped = {0};
        long skipped = readToEnd(events, dropped);
        if (replaced()) {
            // the rotated-away file is complete (read above through the open channel); start the new one at 0
            reopen();
            skipped += readToEnd(events, dropped);
        }
        return events.isEmpty() && dropped[0] == 0 && skipped == 0 ? Batch.EMPTY
                : new Batch(List.copyOf(events), dropped[0], skipped);
    }

    /** True when the path now names another file (rotation) or the file got shorter than what we read (truncation). */
    private boolean replaced() throws IOException {
        if (!Files.exists(file)) {
            return false; // between Liberty's rename and its new file: look again next poll
        }
        Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        return !Objects.equals(key, fileKey) || Files.size(file) < channel.position();
    }

    private void reopen() throws IOException {
        if (channel != null) {
            channel.close();
        }
        channel = FileChannel.open(file, StandardOpenOption.READ);
        fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        line.reset();
    }

    private long readToEnd(List<Event> events, long[] dropped) throws IOException {
        long budget = MAX_BYTES;
        while (budget > 0) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), budget));
            int n = channel.read(buffer);
            if (n <= 0) {
                return 0;
            }
            budget -= n;
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    Event e = parse(line.toString(StandardCharsets.UTF_8), Instant.now());
                    line.reset();
                    if (e != null) {
                        if (events.size() < MAX_EVENTS) {
                            events.add(e);
                        } else {
                            dropped[0]++;
                        }
                    }
                } else if (line.size() < MAX_LINE) {
                    line.write(b);
                }
            }
        }
        // a flood beyond the byte budget: jump to the end rather than fall further behind
        long skipped = channel.size() - channel.position();
        if (skipped > 0) {
            channel.position(channel.size());
            line.reset();
        }
        return Math.max(skipped, 0);
    }

    /** The event of one messages.log line, or null when it is neither CWWKO0801E nor CWWKO0804I. */
    static Event parse(String line, Instant time) {
        if (line.contains("CWWKO0804I")) {
            return new Event(Kind.SUPPRESSED, time, "", "", "");
        }
        int at = line.indexOf("CWWKO0801E");
        if (at < 0) {
            return null;
        }
        Matcher m = REFUSED.matcher(line.substring(at));
        if (m.find()) {
            return new Event(Kind.REFUSED, time, m.group(1), m.group(2).replaceAll("\\D", ""), cut(m.group(3).strip()));
        }
        // another locale's wording: keep the message, the address is in it for a reader
        return new Event(Kind.REFUSED, time, "", "", cut(line.substring(at + "CWWKO0801E".length())
                .replaceFirst("^:\\s*", "").strip()));
    }

    private static String cut(String s) {
        return s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON) + "...";
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.fine(() -> "closing " + file + ": " + e);
        }
    }
}
