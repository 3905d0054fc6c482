// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.pacs.dicomweb;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.imagingexchange.gateway.pacs.Pacs;

/**
 * An external PACS reached by DICOMweb (Orthanc, or any archive with QIDO/WADO/STOW-RS):
 * the gateway keeps only the index; bytes stay in the PACS and are streamed through.
 */
public final class DicomWebPacs implements Pacs {
    /** Index location of an instance that lives in the external PACS. */
    public static final String LOCATION = "dicomweb";

    private final DicomWebClient client;

    public DicomWebPacs(URI baseUrl) {
        this.client = DicomWebClient.builder(baseUrl)
                .connectTimeout(Duration.ofSeconds(10))
                .requestTimeout(Duration.ofMinutes(10))
                .build();
    }

    public DicomWebClient client() {
        return client;
    }

    @Override
    public String kind() {
        return "PACS";
    }

    @Override
    public String store(Path part10File, InstanceAddress address) throws IOException {
        StowResult result = client.store(List.of(part10File));
        if (!result.allStored()) {
            throw new IOException("STOW-RS refused " + address.sopInstanceUid() + ": " + result.failed());
        }
        return LOCATION;
    }

    @Override
    public InputStream open(InstanceAddress a, String location) throws IOException {
        return client.retrieveInstance(a.studyUid(), a.seriesUid(), a.sopInstanceUid());
    }

    @Override
    public boolean isUp() {
        try {
            client.searchStudies(Map.of("limit", "1"));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
