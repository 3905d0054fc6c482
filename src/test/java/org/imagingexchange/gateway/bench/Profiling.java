// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Optional Java Flight Recordings of the timed runs ({@code -Dbench.jfr=true}): one of this JVM
 * (the client) and one of the server (by {@code jcmd JFR.start/JFR.stop}), with the "profile"
 * settings. They are for finding where the time goes; they slow both sides down a little, so the
 * figures of a profiled run are not the ones to quote.
 */
final class Profiling implements AutoCloseable {
    private final long serverPid;
    private final Path serverFile;
    private final Recording client;

    private Profiling(long serverPid, Path dir) throws IOException, ParseException {
        this.serverPid = serverPid;
        this.serverFile = dir.resolve("server.jfr").toAbsolutePath();
        jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + serverFile);
        client = new Recording(Configuration.getConfiguration("profile"));
        client.setDestination(dir.resolve("client.jfr").toAbsolutePath());
        client.start();
    }

    /** Starts both recordings when {@code bench.jfr} is true; else returns null. */
    static Profiling startIfAsked(long serverPid, Path dir) throws IOException, ParseException {
        return Boolean.getBoolean("bench.jfr") ? new Profiling(serverPid, dir) : null;
    }

    @Override
    public void close() throws IOException {
        client.stop();
        client.close();
        jcmd("JFR.stop", "name=bench");
        System.out.printf("flight recordings: %s and %s (jfr print --events jdk.ExecutionSample ...)%n",
                serverFile, serverFile.resolveSibling("client.jfr"));
    }

    private void jcmd(String... args) throws IOException {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "jcmd";
        cmd[1] = Long.toString(serverPid);
        System.arraycopy(args, 0, cmd, 2, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
