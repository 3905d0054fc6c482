// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls.jsse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The CRL files of {@code GATEWAY_TLS_CRL}: a comma-separated list of files (PEM or DER, one or
 * more CRLs each) and directories (their {@code *.crl} and {@code *.der} files, and the
 * {@code *.pem} files that hold a CRL).
 * {@link #stamp()} changes whenever a file is added, removed or replaced, so a new CRL is picked
 * up without a restart.
 */
public final class CrlSource {
    private final List<Path> locations;

    private CrlSource(List<Path> locations) {
        this.locations = List.copyOf(locations);
    }

    /** Null when the setting is empty: no revocation checking. */
    public static CrlSource fromSetting(String setting) {
        if (setting == null || setting.isBlank()) {
            return null;
        }
        List<Path> paths = new ArrayList<>();
        for (String part : setting.split(",")) {
            if (!part.isBlank()) {
                paths.add(Path.of(part.strip()).toAbsolutePath());
            }
        }
        return paths.isEmpty() ? null : new CrlSource(paths);
    }

    public List<Path> locations() {
        return locations;
    }

    /** Every CRL file now present, in a stable order. */
    List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : locations) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(Files::isRegularFile).filter(CrlSource::looksLikeCrl).sorted().forEach(out::add);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new IOException("CRL file not found: " + p);
            }
        }
        return out;
    }

    /** In a directory: DER files named *.crl / *.der, and PEM files that hold a CRL (not the CA certificates beside it). */
    private static boolean looksLikeCrl(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".crl") || n.endsWith(".der")) {
            return true;
        }
        try {
            return n.endsWith(".pem") && Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains("-----BEGIN X509 CRL-----");
        } catch (IOException e) {
            return true;
        }
    }

    /** Names, sizes and modification times of the files: equal stamps mean nothing changed. */
    String stamp() {
        StringBuilder sb = new StringBuilder();
        try {
            for (Path p : files()) {
                sb.append(p).append('|').append(Files.size(p)).append('|')
                        .append(Files.getLastModifiedTime(p).toMillis()).append('\n');
            }
        } catch (IOException e) {
            sb.append("unreadable: ").append(e.getMessage());
        }
        return sb.toString();
    }

    List<X509CRL> load() throws IOException {
        CertificateFactory cf;
        try {
            cf = CertificateFactory.getInstance("X.509");
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        List<X509CRL> out = new ArrayList<>();
        for (Path p : files()) {
            try (InputStream in = Files.newInputStream(p)) {
                for (CRL crl : cf.generateCRLs(in)) {
                    out.add((X509CRL) crl);
                }
            } catch (GeneralSecurityException e) {
                throw new IOException("unreadable CRL " + p + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
