// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * PKCS12 key and trust stores in the form Liberty's {@code <keyStore type="PKCS12">} reads,
 * written by the JDK's own PKCS12 implementation (AES-256 / HMAC-SHA256 protection, which
 * OpenSSL 3 and curl also read). Store files hold private keys, so they are owner-only (0600).
 */
public final class KeyStores {
    private KeyStores() {}

    /** A key store with one private key entry and its chain (leaf first). */
    public static void writeKeyStore(Path file, char[] password, String alias, PrivateKey key,
            List<X509Certificate> chain) throws IOException {
        try {
            KeyStore ks = empty();
            ks.setKeyEntry(alias, key, password, chain.toArray(new Certificate[0]));
            save(ks, file, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write key store " + file, e);
        }
    }

    /** A trust store of trusted certificate entries, alias to certificate. */
    public static void writeTrustStore(Path file, char[] password, Map<String, X509Certificate> trusted)
            throws IOException {
        try {
            KeyStore ks = empty();
            for (var e : trusted.entrySet()) {
                ks.setCertificateEntry(e.getKey(), e.getValue());
            }
            save(ks, file, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write trust store " + file, e);
        }
    }

    public static KeyStore read(Path file, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore empty() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        return ks;
    }

    private static void save(KeyStore ks, Path file, char[] password) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, password);
        SecretFiles.writeOwnerOnly(file, out.toByteArray());
    }
}
