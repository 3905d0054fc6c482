// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One timed round on the same files: the raw loopback copy (64 KiB loop, then sendfile), RAD-69
 * read by a streaming MTOM reader (every part parsed and counted), and RAD-69 through the CXF client, with
 * the CPU seconds of both processes and the server's heap and page faults during the CXF retrieve.
 */
final class TimedRound {
    private static final double MIB = 1 << 20;
    /** Page fault cost on these machines (DESIGN section 8), for the printed estimate. */
    private static final double MICROS_PER_FAULT = 13;

    /** What the benchmark measures with: the same objects every round. */
    record Setup(BenchGateway gateway, long serverPid, List<Path> rawFiles, Rad69Retrieval rad69,
                 RawHttpRad69 plainRad69, HeapSampler heap, long studyBytes) {}

    /** Figures of one round; CPU seconds are the server's and this JVM's (the client's). */
    record Figures(RawLoopbackCopy.Result raw, double rawCpu, RawLoopbackCopy.Result sendfile,
                   RawHttpRad69.Result plain, ProcessStats plainServer, ProcessStats plainClient,
                   Rad69Retrieval.Result rad69, ProcessStats rad69Server, ProcessStats rad69Client,
                   HeapSampler.Window heap) {

        void print(int round) {
            System.out.printf("run %d: raw copy %4.0f MB/s, CPU %.2f s (sendfile %4.0f) | RAD-69 %4.0f MB/s: %.0f MB in "
                            + "%.2f s, SOAP part after %d ms, CPU server %.2f s client %.2f s | RAD-69 by streaming MTOM reader "
                            + "%4.0f MB/s, CPU server %.2f s client %.2f s%n",
                    round, raw.mbPerSecond(), rawCpu, sendfile.mbPerSecond(), rad69.mbPerSecond(), rad69.bytes() / MIB,
                    rad69.nanos() / 1e9, rad69.envelopeNanos() / 1_000_000, rad69Server.cpuSeconds(),
                    rad69Client.cpuSeconds(), plain.mbPerSecond(), plainServer.cpuSeconds(), plainClient.cpuSeconds());
            System.out.printf("       server during RAD-69: heap peak %d MB, old gen peak %d MB, %d young / %d full GCs, "
                            + "%s (~%.0f ms)%n", heap.peakUsedMb(), heap.peakOldMb(), heap.youngGcs(), heap.fullGcs(),
                    rad69Server, rad69Server.minorFaults() * MICROS_PER_FAULT / 1000);
        }
    }

    private TimedRound() {}

    static Figures run(Setup s) throws IOException, InterruptedException {
        settleClient();
        ProcessStats r0 = ProcessStats.self();
        RawLoopbackCopy.Result raw = RawLoopbackCopy.run(s.rawFiles(), RawLoopbackCopy.Mode.BUFFERED);
        double rawCpu = ProcessStats.self().minus(r0).cpuSeconds();
        RawLoopbackCopy.Result sendfile = RawLoopbackCopy.run(s.rawFiles(), RawLoopbackCopy.Mode.SENDFILE);

        settleClient();
        ProcessStats p0 = ProcessStats.of(s.serverPid());
        ProcessStats c0 = ProcessStats.self();
        RawHttpRad69.Result plain = checkPlain(s.plainRad69().retrieve(), s.studyBytes());
        ProcessStats plainServer = ProcessStats.of(s.serverPid()).minus(p0);
        ProcessStats plainClient = ProcessStats.self().minus(c0);

        settleClient();
        ProcessStats f0 = ProcessStats.of(s.serverPid());
        ProcessStats s0 = ProcessStats.self();
        s.heap().beginWindow();
        Rad69Retrieval.Result rad69 = checkedRetrieve(s, Map.of());
        HeapSampler.Window heap = s.heap().endWindow();
        ProcessStats rad69Server = ProcessStats.of(s.serverPid()).minus(f0);
        ProcessStats rad69Client = ProcessStats.self().minus(s0);
        return new Figures(raw, rawCpu, sendfile, plain, plainServer, plainClient, rad69, rad69Server, rad69Client,
                heap);
    }

    /**
     * Collects this JVM's garbage before a timed part: the CXF client's retrieve leaves hundreds of
     * MB behind (its heap peaks near 1 GB), and collecting it during the next part billed the
     * client's GC to that part (a streaming retrieve at 351 MB/s with 2.8 s of client CPU, the
     * same one at 1,648 MB/s with 0.5 s in the next round). The server is left alone: its GC is
     * part of what it costs to serve.
     */
    private static void settleClient() throws InterruptedException {
        System.gc();
        Thread.sleep(200);
    }

    /** A CXF retrieve that fails loudly, naming an OutOfMemoryError or a dead server when that is the cause. */
    static Rad69Retrieval.Result checkedRetrieve(Setup s, Map<String, String> expectedSha256) throws IOException {
        try {
            Rad69Retrieval.Result result = s.rad69().retrieve(expectedSha256);
            serverHealthy(s);
            return result;
        } catch (IOException | RuntimeException e) {
            serverHealthy(s);
            throw e;
        }
    }

    /** The plain-HTTP answer must be an MTOM multipart of about the study's size (not base64, not an error). */
    static RawHttpRad69.Result checkPlain(RawHttpRad69.Result h, long studyBytes) throws IOException {
        if (h.status() != 200 || h.attachmentBytes() != studyBytes || h.bytes() > studyBytes + (1 << 20)) {
            throw new IOException("plain-HTTP RAD-69: HTTP " + h.status() + ", " + h.attachments() + " attachments of "
                    + h.attachmentBytes() + " bytes (" + h.bytes() + " with the framing) for a study of " + studyBytes
                    + " bytes; headers " + h.headers());
        }
        return h;
    }

    private static void serverHealthy(Setup s) throws IOException {
        if (!ProcessStats.alive(s.serverPid())) {
            throw new IOException("the gateway (pid " + s.serverPid() + ") died; " + s.gateway().fatalLogLines()
                    + " see " + s.gateway().messagesLog());
        }
        String fatal = s.gateway().fatalLogLines();
        if (!fatal.isEmpty()) {
            throw new IOException("the gateway logged:\n" + fatal);
        }
    }
}
