// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.bench;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * What the benchmarks' main methods share: the arguments {@code [STUDY_MB [HEAP]]}, exit 0 when
 * the run completed and 1 with the failure when it did not, the header line and the study.
 */
final class BenchMain {
    private static final double MIB = 1 << 20;

    /** One benchmark run. */
    interface Body {
        void run(int studyMb, String heap) throws Exception;
    }

    private BenchMain() {}

    static void run(String name, String[] args, Body body) {
        try {
            int studyMb = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
            String heap = args.length > 1 ? args[1] : "256m";
            body.run(studyMb, heap);
            System.exit(0);
        } catch (Throwable e) {
            System.out.flush();
            System.err.println(name + " benchmark FAILED: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Prints the header, then generates (or reuses) the study of {@code studyMb} MiB and prints what it is. */
    static BenchStudy start(String title, Path cache, int studyMb) throws Exception {
        System.out.printf("%s, %s, %d cores, Java %s; MB = 2^20 bytes%n", title,
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        BenchStudy study = BenchStudy.read(StudyGenerator.generateOrReuse(cache, studyMb));
        System.out.printf("study %s: %d instances in %d series, %.0f MB, transfer syntax %s%n", study.studyUid(),
                study.instances().size(), study.sopsBySeries().size(), study.totalBytes() / MIB,
                study.transferSyntax());
        return study;
    }
}
