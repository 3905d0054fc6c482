// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.pki;

import java.nio.file.Path;

/** The files of one test client certificate (see {@link LabPki} for the layout). */
public record ClientFiles(Path dir, ClientKind kind) {
    /** PKCS12 with the client key and chain, alias {@code client}. */
    public Path keyStore() {
        return dir.resolve("client.p12");
    }

    public Path password() {
        return dir.resolve("client.password");
    }

    /** The leaf certificate alone, PEM. */
    public Path certificate() {
        return dir.resolve("cert.pem");
    }

    /** Leaf then issuer, PEM (what {@code openssl s_client -cert} sends). */
    public Path chain() {
        return dir.resolve("chain.pem");
    }

    /** Unencrypted PKCS#8 private key (0600). */
    public Path key() {
        return dir.resolve("key.pem");
    }
}
