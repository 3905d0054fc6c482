// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * DCMTK as an independent peer for integration tests: {@code storescu} to send, {@code dcmdump}
 * to read what the gateway returned. A missing tool fails the test (install the Debian package
 * {@code dcmtk}); it is never a reason to skip.
 */
public final class Dcmtk {

    /** Exit code and combined output of one DCMTK run. */
    public record Run(int exitCode, String output) {
        /** True when storescu logged a Success C-STORE response (needs the verbose flag). */
        public boolean storeSucceeded() {
            return output.contains("Received Store Response (Success)");
        }

        /** True when storescu logged a C-STORE response with a failure status (needs the verbose flag). */
        public boolean storeRefused() {
            return output.matches("(?s).*Received Store Response \\((Error|Refused|Failure)[^)]*\\).*");
        }
    }

    private Dcmtk() {}

    /** storescu -v in its own association; extra options (e.g. {@code -xs}) before the host. */
    public static Run storescu(String calledAe, int port, List<String> options, List<Path> files)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-v", "-aet", "STORESCU", "-aec", calledAe));
        cmd.addAll(options);
        cmd.add("127.0.0.1");
        cmd.add(Integer.toString(port));
        files.forEach(f -> cmd.add(f.toString()));
        return run(cmd);
    }

    /** findscu -v -S (Study Root) with the given {@code -k} keys; the matches are in the verbose output. */
    public static Run findscu(String callingAe, String calledAe, int port, List<String> keys)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("findscu", "-v", "-S", "-aet", callingAe, "-aec", calledAe));
        keys.forEach(k -> {
            cmd.add("-k");
            cmd.add(k);
        });
        cmd.add("127.0.0.1");
        cmd.add(Integer.toString(port));
        return run(cmd);
    }

    /** The Transfer Syntax UID of the File Meta Information, as dcmdump reads it. */
    public static String metaTransferSyntax(Path file) throws IOException, InterruptedException {
        Run r = run(List.of("dcmdump", "-q", "-Un", "+P", "0002,0010", file.toString()));
        return bracketed(r.output()).orElseThrow(() -> new AssertionError("no (0002,0010) in " + file + ": " + r));
    }

    /**
     * One attribute's value as dcmdump prints it, reading as far as the file allows ({@code +E}):
     * works for broken files too; empty when dcmdump cannot get to it.
     */
    public static Optional<String> value(Path file, String tag) throws IOException, InterruptedException {
        return bracketed(run(List.of("dcmdump", "-q", "-Un", "+E", "+P", tag, file.toString())).output());
    }

    /** The Pixel Data value bytes of a native (uncompressed) image, written out by {@code dcmdump +W}. */
    public static byte[] pixelData(Path file, Path workDir) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Files.createDirectories(workDir), "pixels-");
        Run r = run(List.of("dcmdump", "-q", "+W", dir.toString(), file.toString()));
        if (r.exitCode() != 0) {
            throw new AssertionError("dcmdump cannot read " + file + ": " + r);
        }
        try (Stream<Path> raw = Files.list(dir)) {
            List<Path> files = raw.filter(p -> p.getFileName().toString().endsWith(".raw")).sorted().toList();
            if (files.size() != 1) {
                throw new AssertionError("expected one pixel data value in " + file + ", dcmdump wrote " + files);
            }
            return Files.readAllBytes(files.get(0));
        }
    }

    /** dcmdump's full output (warnings and errors included, as "W:" and "E:" lines). */
    public static Run dump(Path file) throws IOException, InterruptedException {
        return run(List.of("dcmdump", file.toString()));
    }

    /** dcmdump's exit code for a file: 0 when DCMTK reads it completely. */
    public static int dumpExitCode(Path file) throws IOException, InterruptedException {
        return run(List.of("dcmdump", "-q", file.toString())).exitCode();
    }

    private static Optional<String> bracketed(String output) {
        Matcher m = Pattern.compile("^\\([0-9a-f]{4},[0-9a-f]{4}\\) \\w\\w \\[([^\\]]*)\\]", Pattern.MULTILINE)
                .matcher(output);
        return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
    }

    private static Run run(List<String> cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(cmd.get(0) + " not found: install DCMTK (apt-get install dcmtk); "
                    + "these tests never skip", e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd + " timed out");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
