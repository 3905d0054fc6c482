// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.imagingexchange.gateway.dicom.DicomFiles;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.dicom.InvalidDicomException;

/**
 * REST upload of DICOM Part 10 files or zip archives of them. Each file is spooled to disk
 * under a byte limit, checked whole (truncated or malformed files are rejected with their
 * reason) and only then ingested, so nothing half-written reaches the store or the index.
 * A DICOMDIR (the directory of a media file-set) is not an instance: it is skipped without
 * being reported, and the instances it lists are taken as their own entries.
 */
public final class UploadService {
    private static final String MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10";

    /**
     * Outcome of one upload: counts and a reason for every rejected file.
     *
     * @param skipped files that are valid DICOM but not instances (DICOMDIR), left out silently
     */
    public record Result(int stored, int duplicates, int skipped, List<Rejected> rejected) {
        public boolean nothingAccepted() {
            return stored + duplicates == 0;
        }
    }

    public record Rejected(String name, String reason) {}

    private final IngestService ingest;
    private final Path spoolDir;
    private final DicomLimits limits;
    private final long maxBytes;
    private final int maxZipEntries;

    public UploadService(IngestService ingest, Path spoolDir, DicomLimits limits, long maxBytes, int maxZipEntries)
            throws IOException {
        this.ingest = ingest;
        this.spoolDir = Files.createDirectories(spoolDir);
        this.limits = limits;
        this.maxBytes = maxBytes;
        this.maxZipEntries = maxZipEntries;
    }

    /** Takes one body: a zip archive when {@code zip} is true, else one DICOM file. */
    public Result upload(String name, InputStream body, boolean zip) throws IOException {
        Counter counter = new Counter();
        if (zip) {
            uploadZip(body, counter);
        } else {
            uploadOne(name, body, counter);
        }
        return counter.result();
    }

    public Result merge(List<Result> results) {
        Counter c = new Counter();
        for (Result r : results) {
            c.stored += r.stored();
            c.duplicates += r.duplicates();
            c.skipped += r.skipped();
            c.rejected.addAll(r.rejected());
        }
        return c.result();
    }

    private void uploadZip(InputStream body, Counter counter) throws IOException {
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(body)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.isDirectory()) {
                    continue;
                }
                if (++entries > maxZipEntries) {
                    counter.rejected.add(new Rejected(e.getName(), "more than " + maxZipEntries + " entries in the archive"));
                    break;
                }
                uploadOne(e.getName(), zip, counter);
            }
        } catch (java.util.zip.ZipException e) {
            counter.rejected.add(new Rejected("(archive)", "not a valid zip archive: " + e.getMessage()));
        }
    }

    private void uploadOne(String name, InputStream in, Counter counter) throws IOException {
        Path tmp = Files.createTempFile(spoolDir, "upload-", ".dcm");
        try {
            if (!copyLimited(in, tmp)) {
                counter.rejected.add(new Rejected(name, "larger than the upload limit of " + maxBytes + " bytes"));
                return;
            }
            InstanceHeader header;
            try {
                header = DicomFiles.readHeader(tmp, limits);
                DicomFiles.validateComplete(tmp, limits);
            } catch (InvalidDicomException e) {
                if (e.kind() == InvalidDicomException.Kind.NOT_AN_INSTANCE) {
                    counter.skipped++; // a DICOMDIR describes the media; the instances come as their own entries
                } else {
                    counter.rejected.add(new Rejected(name, e.getMessage()));
                }
                return;
            }
            if (MEDIA_STORAGE_DIRECTORY.equals(header.sopClassUid())) {
                counter.skipped++;
                return;
            }
            if (ingest.ingest(tmp, header) == IngestService.Outcome.STORED) {
                counter.stored++;
            } else {
                counter.duplicates++;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies at most maxBytes; false (and a partial file the caller deletes) when more came. */
    private boolean copyLimited(InputStream in, Path target) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    return false;
                }
                out.write(buf, 0, n);
            }
        }
        return true;
    }

    private static final class Counter {
        int stored;
        int duplicates;
        int skipped;
        final List<Rejected> rejected = new ArrayList<>();

        Result result() {
            return new Result(stored, duplicates, skipped, List.copyOf(rejected));
        }
    }
}
