// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the study into the gateway by REST ({@code POST /api/studies}, one
 * {@code application/dicom} file per request, two at a time) and waits until
 * {@code /api/studies/{uid}} counts every instance. REST rather than C-STORE: the gateway stores
 * an uploaded file as it is, so what RAD-69 returns must be byte-identical to the generated files
 * (a C-STORE SCP writes its own File Meta Information, which changes the bytes).
 */
final class StudyLoader {
    private static final Pattern INSTANCES = Pattern.compile("\"instances\"\\s*:\\s*(\\d+)");
    private static final Pattern ACCEPTED = Pattern.compile("\"(stored|duplicates)\"\\s*:\\s*1\\b");

    private StudyLoader() {}

    /** Uploads every file; the seconds it took. */
    static double upload(BenchGateway gateway, BenchStudy study) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (BenchStudy.Instance i : study.instances()) {
                done.add(pool.submit(() -> {
                    HttpRequest req = HttpRequest.newBuilder(URI.create(gateway.httpBase() + "/api/studies"))
                            .timeout(Duration.ofMinutes(5)).header("Content-Type", "application/dicom")
                            .POST(HttpRequest.BodyPublishers.ofFile(i.file())).build();
                    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200 || !ACCEPTED.matcher(r.body()).find()) {
                        throw new IOException("upload of " + i.file() + ": HTTP " + r.statusCode() + " " + r.body());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IOException("REST upload failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Polls the index until it holds all instances of the study. */
    static void awaitIndexed(BenchGateway gateway, BenchStudy study, long timeoutMillis)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        int want = study.instances().size();
        String last = null;
        while (System.currentTimeMillis() < deadline) {
            last = gateway.get("/api/studies/" + study.studyUid());
            if (last != null) {
                Matcher m = INSTANCES.matcher(last);
                if (m.find() && Integer.parseInt(m.group(1)) >= want) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new IOException("the index does not hold the " + want + " instances after " + timeoutMillis
                + " ms; last answer " + last);
    }
}
