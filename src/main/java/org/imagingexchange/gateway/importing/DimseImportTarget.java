// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagingexchange.gateway.dicom.DimseClient;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.ingest.IngestService;
import org.imagingexchange.gateway.pacs.Pacs;
import org.imagingexchange.gateway.persistence.Database;

/**
 * Imports into a PACS reached by DIMSE ({@code GATEWAY_IMPORT_TARGET=dimse://AET@host:port}):
 * C-STORE of each batch over one association, verification by C-FIND. When the gateway's own
 * PACS is the same archive seen by DICOMweb, stored instances are indexed too, so the imported
 * study is published and served like any other.
 */
final class DimseImportTarget implements ImportTarget {
    private final DimseClient client;
    private final Pacs pacs;
    private final IngestService ingest;

    private DimseImportTarget(DimseClient client, Pacs pacs, IngestService ingest) {
        this.client = client;
        this.pacs = pacs;
        this.ingest = ingest;
    }

    static boolean isDimse(String setting) {
        return setting != null && setting.startsWith("dimse://");
    }

    /** From {@code dimse://AET@host:port}; a malformed setting stops the start with a clear message. */
    static DimseImportTarget of(String setting, String callingAet, Database db, Pacs pacs, IngestService ingest) {
        URI u = URI.create(setting);
        if (u.getUserInfo() == null || u.getHost() == null || u.getPort() < 0) {
            throw new IllegalArgumentException("GATEWAY_IMPORT_TARGET must be dimse://AET@host:port, not " + setting);
        }
        return new DimseImportTarget(new DimseClient(u.getHost(), u.getPort(), u.getUserInfo(), callingAet,
                Duration.ofSeconds(60)), pacs, ingest);
    }

    @Override
    public String kind() {
        return "dimse";
    }

    @Override
    public Map<String, String> store(List<Ready> batch) throws IOException {
        Map<String, String> refused = new LinkedHashMap<>();
        Map<Path, InstanceHeader> written = new LinkedHashMap<>();
        batch.forEach(r -> written.put(r.file(), r.header()));
        var outcomes = client.storeWritten(written);
        for (Ready r : batch) {
            var o = outcomes.get(r.header().sopInstanceUid());
            if (o == null || !o.stored()) {
                refused.put(r.header().sopInstanceUid(), "C-STORE refused: " + (o == null ? "no answer" : o.reason()));
            }
        }
        return refused;
    }

    /** When the gateway's own PACS is this archive seen by DICOMweb, what it took is indexed (by the worker). */
    @Override
    public void afterStored(List<Ready> batch, Set<String> refused) {
        ImportTarget.indexInOwnPacs(pacs, ingest, batch, refused);
    }

    @Override
    public Set<String> present(String studyUid) throws IOException {
        return client.findInstances(studyUid);
    }
}
