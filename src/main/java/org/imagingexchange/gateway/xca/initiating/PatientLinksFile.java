// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Static patient links from a text file ({@code GATEWAY_PATIENT_LINKS_FILE}), one link per line:
 * {@code localId homeCommunityId partnerPatientId assigningAuthorityOid}; {@code #} starts a
 * comment. For demos and tests, and for links agreed outside any protocol; read once at start.
 */
public final class PatientLinksFile implements PartnerPatientIds {
    private final Map<String, List<PartnerPatientId>> links;

    private PatientLinksFile(Map<String, List<PartnerPatientId>> links) {
        this.links = links;
    }

    public static PatientLinksFile read(Path file) {
        try {
            List<String[]> rows = new ArrayList<>();
            int n = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                n++;
                String content = line.replaceFirst("#.*", "").strip();
                if (content.isEmpty()) {
                    continue;
                }
                String[] f = content.split("\\s+");
                if (f.length != 4 || !f[1].startsWith("urn:oid:")) {
                    throw new IllegalArgumentException(file + " line " + n
                            + ": expected 'localId urn:oid:community partnerPatientId assigningAuthorityOid'");
                }
                rows.add(f);
            }
            return new PatientLinksFile(rows.stream().collect(Collectors.groupingBy(f -> f[0],
                    Collectors.mapping(f -> new PartnerPatientId(f[1], f[2], f[3]), Collectors.toUnmodifiableList()))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the patient links file " + file, e);
        }
    }

    @Override
    public List<PartnerPatientId> forLocalPatient(String localPatientId) {
        return links.getOrDefault(localPatientId, List.of());
    }
}
