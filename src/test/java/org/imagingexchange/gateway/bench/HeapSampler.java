// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Samples the server's heap every 100 ms with {@code jstat -gc <pid> 100}: used heap is
 * S0U+S1U+EU+OU, old generation OU. Peaks are kept per window (one retrieve run).
 *
 * <p>With a fixed heap the collector lets eden fill before it collects, so the peak of used heap
 * includes garbage and sits near the young generation's size whatever the load; the old
 * generation peak and the live heap after a full GC ({@link #liveAfterFullGc}) are what tell a
 * flat server from one that holds the response.
 */
final class HeapSampler implements AutoCloseable {

    /** One jstat sample, in KiB, with the collection counts. */
    record Sample(double usedKb, double oldKb, long youngGcs, long fullGcs) {
        long usedMb() {
            return Math.round(usedKb / 1024);
        }

        long oldMb() {
            return Math.round(oldKb / 1024);
        }
    }

    /** Peaks of one window. */
    record Window(long peakUsedMb, long peakOldMb, long youngGcs, long fullGcs, int samples) {}

    private final Process jstat;
    private final Thread reader;
    private volatile Sample last;
    private double windowUsed;
    private double windowOld;
    private int windowSamples;
    private Sample windowStart;

    private HeapSampler(long pid) throws IOException {
        jstat = new ProcessBuilder("jstat", "-gc", Long.toString(pid), "100").redirectErrorStream(true).start();
        reader = new Thread(this::read, "jstat-reader");
        reader.setDaemon(true);
        reader.start();
        // if this JVM is killed, jstat must not outlive it
        Runtime.getRuntime().addShutdownHook(new Thread(jstat::destroyForcibly, "jstat-stop"));
    }

    static HeapSampler start(long pid) throws IOException, InterruptedException {
        HeapSampler s = new HeapSampler(pid);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (s.last == null) {
            if (!s.jstat.isAlive() || System.nanoTime() > deadline) {
                s.close();
                throw new IOException("jstat -gc " + pid + " gives no samples (is jstat of the same JDK on the PATH?)");
            }
            Thread.sleep(20);
        }
        return s;
    }

    /** One sample now, without a running sampler. */
    static Sample once(long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jstat", "-gc", Long.toString(pid)).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        p.waitFor();
        if (lines.size() < 2) {
            throw new IOException("jstat -gc " + pid + ": " + lines);
        }
        return parse(columns(lines.get(0)), lines.get(1));
    }

    /** Live heap: a full GC ({@code jcmd <pid> GC.run}), then one sample. */
    static Sample liveAfterFullGc(long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + pid + " GC.run failed");
        }
        return once(pid);
    }

    synchronized void beginWindow() {
        windowUsed = 0;
        windowOld = 0;
        windowSamples = 0;
        windowStart = last;
    }

    synchronized Window endWindow() {
        Sample end = last;
        include(end);
        return new Window(Math.round(windowUsed / 1024), Math.round(windowOld / 1024),
                end.youngGcs() - windowStart.youngGcs(), end.fullGcs() - windowStart.fullGcs(), windowSamples);
    }

    Sample last() {
        return last;
    }

    private synchronized void include(Sample s) {
        windowUsed = Math.max(windowUsed, s.usedKb());
        windowOld = Math.max(windowOld, s.oldKb());
        windowSamples++;
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.trim().startsWith("S0C")) {
                    header = columns(line);
                } else if (header != null && !line.isBlank()) {
                    Sample s = parse(header, line);
                    last = s;
                    include(s);
                }
            }
        } catch (IOException | RuntimeException e) {
            // jstat ends when the server does; the caller notices the dead server
        }
    }

    private static List<String> columns(String header) {
        return Arrays.asList(header.trim().split("\\s+"));
    }

    private static Sample parse(List<String> header, String line) {
        String[] v = line.trim().split("\\s+");
        double used = 0;
        for (String c : List.of("S0U", "S1U", "EU", "OU")) {
            used += Double.parseDouble(v[header.indexOf(c)]);
        }
        return new Sample(used, Double.parseDouble(v[header.indexOf("OU")]), Long.parseLong(v[header.indexOf("YGC")]),
                Long.parseLong(v[header.indexOf("FGC")]));
    }

    @Override
    public void close() {
        jstat.destroy();
        try {
            jstat.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jstat.destroyForcibly();
    }
}
