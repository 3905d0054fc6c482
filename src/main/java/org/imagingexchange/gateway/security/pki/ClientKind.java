// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.pki;

import java.util.Locale;

/**
 * The TLS client certificates {@code certs client} makes: a valid one and the broken variants
 * of shared/security/CATALOGUE.md section 5, each of which a mutual-TLS gateway must refuse.
 */
public enum ClientKind {
    VALID("valid client certificate of a lab CA", null),
    EXPIRED("validity ended 30 days ago", "TLS-03"),
    NOT_YET_VALID("validity starts in 30 days", "TLS-03"),
    REVOKED("listed in its CA's CRL", "TLS-04"),
    RSA_1024("RSA 1024-bit key", "TLS-08"),
    SHA1("signed with SHA-1", "TLS-08"),
    WRONG_EKU("extended key usage serverAuth only", "TLS-07"),
    NO_DIGITAL_SIGNATURE("key usage without digitalSignature", "TLS-07"),
    CA_LEAF("leaf certificate with basicConstraints CA:TRUE", "TLS-07"),
    UNKNOWN_CA("issued by a CA that no trust store holds", "TLS-02"),
    SELF_SIGNED("self-signed", "TLS-02");

    private final String description;
    private final String catalogueId;

    ClientKind(String description, String catalogueId) {
        this.description = description;
        this.catalogueId = catalogueId;
    }

    public String description() {
        return description;
    }

    /** The CATALOGUE.md case this variant exercises, or null for {@link #VALID}. */
    public String catalogueId() {
        return catalogueId;
    }

    /** The command-line spelling: lower case with dashes ({@code not-yet-valid}, {@code rsa-1024}). */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ClientKind parse(String text) {
        for (ClientKind k : values()) {
            if (k.cliName().equalsIgnoreCase(text) || k.name().equalsIgnoreCase(text)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown client kind '" + text + "'");
    }
}
