// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * Every scalar setting of one gateway instance, read once at start from MicroProfile Config
 * (so each is overridable by its environment variable, e.g. {@code gateway.dicom.port} by
 * {@code GATEWAY_DICOM_PORT}). Services receive this record, never the Config API.
 */
public record GatewaySettings(
        Path dataDir,
        String homeCommunityId,
        String repositoryUniqueId,
        String patientIdIssuer,
        int dicomPort,
        String aeTitle,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String pacs,
        Duration manifestStableTime,
        int maxQueryResults,
        Duration pacsScanInterval,
        long maxUploadBytes) {

    public static final String EMBEDDED = "embedded";

    public boolean embeddedPacs() {
        return pacs == null || pacs.isBlank() || EMBEDDED.equalsIgnoreCase(pacs.trim());
    }

    public URI pacsUrl() {
        return URI.create(pacs.trim().replaceAll("/+$", ""));
    }

    public static GatewaySettings from(Config c) {
        return new GatewaySettings(
                Path.of(c.getOptionalValue("gateway.data.dir", String.class).orElse("./data")).toAbsolutePath(),
                c.getValue("gateway.home.community.id", String.class),
                c.getValue("gateway.repository.unique.id", String.class),
                c.getValue("gateway.patient.id.issuer", String.class),
                c.getOptionalValue("gateway.dicom.port", Integer.class).orElse(11112),
                c.getOptionalValue("gateway.ae.title", String.class).orElse("GATEWAY"),
                c.getOptionalValue("gateway.db.url", String.class).orElse(""),
                c.getOptionalValue("gateway.db.user", String.class).orElse(""),
                c.getOptionalValue("gateway.db.password", String.class).orElse(""),
                c.getOptionalValue("gateway.pacs", String.class).orElse(EMBEDDED),
                Duration.ofSeconds(c.getOptionalValue("gateway.manifest.stable.seconds", Integer.class).orElse(30)),
                c.getOptionalValue("gateway.query.max.results", Integer.class).orElse(1000),
                Duration.ofSeconds(c.getOptionalValue("gateway.pacs.scan.seconds", Integer.class).orElse(60)),
                c.getOptionalValue("gateway.upload.max.bytes", Long.class).orElse(2L * 1024 * 1024 * 1024));
    }
}
