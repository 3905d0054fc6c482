// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.imagingexchange.gateway.testing.GatewayServer;
import org.imagingexchange.gateway.testing.MiniJson;
import org.imagingexchange.gateway.testing.OutsideStudy;

/** {@code /api/imports} of a running gateway, as the import integration tests drive it. */
final class ImportApi {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ImportApi() {}

    /** Uploads the study as a zip (its files under DICOM/) for the local patient {@code mrn}; the job id. */
    static String submitMedia(GatewayServer node, OutsideStudy study, Path work, String mrn) throws Exception {
        Map<String, Path> entries = new TreeMap<>();
        for (Path f : study.files) {
            entries.put("DICOM/" + f.getFileName(), f);
        }
        Path zip = work.resolve(mrn + ".zip");
        Files.write(zip, Zips.of(entries));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                        URI.create(node.httpBase() + "/api/imports?localPatientId=" + mrn))
                .header("Content-Type", "application/zip").POST(HttpRequest.BodyPublishers.ofFile(zip)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        Files.delete(zip);
        return (String) json(r.body()).get("id");
    }

    /** Polls the job until it is in a final state; its view then. */
    static Map<String, Object> awaitFinal(GatewayServer node, String job, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Object> v = json(node.get("/api/imports/" + job).body());
            if (ImportState.ofLabel((String) v.get("state")).isFinal()) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + job + " did not finish within " + timeout + ": " + v);
            }
            Thread.sleep(250);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String body) {
        return (Map<String, Object>) MiniJson.parse(body);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }
}
