// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Page faults, CPU time and resident size of a process from {@code /proc/<pid>/stat} (proc(5):
 * field 10 minflt, 12 majflt, 14 utime, 15 stime in clock ticks of 1/100 s, 24 rss in 4 KiB
 * pages). Page faults cost about 13 us each on these machines (DESIGN section 8), so every
 * figure is printed beside them; CPU seconds show which side of a transfer is the bottleneck.
 */
public record ProcessStats(long minorFaults, long majorFaults, long cpuTicks, long rssPages) {

    public static ProcessStats of(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // the command name (field 2) may contain spaces; fields after it are counted from ")"
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return new ProcessStats(Long.parseLong(f[7]), Long.parseLong(f[9]),
                Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[21]));
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    public ProcessStats minus(ProcessStats before) {
        return new ProcessStats(minorFaults - before.minorFaults, majorFaults - before.majorFaults,
                cpuTicks - before.cpuTicks, rssPages - before.rssPages);
    }

    public double cpuSeconds() {
        return cpuTicks / 100.0;
    }

    /** This JVM's own figures. */
    public static ProcessStats self() throws IOException {
        return of(ProcessHandle.current().pid());
    }

    long rssMb() {
        return rssPages * 4096 / (1 << 20);
    }

    @Override
    public String toString() {
        return String.format("page faults minor %,d major %,d", minorFaults, majorFaults);
    }
}
