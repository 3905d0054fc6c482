// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/**
 * Key pairs the test PKI makes. RSA 3072 and EC P-256 meet BCP 195 (RFC 9325 section 4.5);
 * RSA 1024 exists only to build the weak-key negative case (catalogue TLS-08).
 */
public enum KeyType {
    RSA_3072("RSA", 3072),
    RSA_2048("RSA", 2048),
    RSA_1024("RSA", 1024),
    EC_P256("EC", 256);

    private final String algorithm;
    private final int bits;

    KeyType(String algorithm, int bits) {
        this.algorithm = algorithm;
        this.bits = bits;
    }

    public String algorithm() {
        return algorithm;
    }

    public boolean isRsa() {
        return "RSA".equals(algorithm);
    }

    public KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (isRsa()) {
                g.initialize(bits, random);
            } else {
                g.initialize(new ECGenParameterSpec("secp256r1"), random);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate " + this + " key pair", e);
        }
    }

    /** The JCA signature algorithm a key of this type signs with: SHA-256, or SHA-1 for the weak case. */
    public static String signatureAlgorithm(String keyAlgorithm, boolean sha1) {
        String digest = sha1 ? "SHA1" : "SHA256";
        return "EC".equals(keyAlgorithm) ? digest + "withECDSA" : digest + "withRSA";
    }

    /** {@code rsa} (RSA 3072) or {@code ec} (P-256), as typed on the command line. */
    public static KeyType parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "rsa", "rsa-3072", "rsa3072" -> RSA_3072;
            case "rsa-2048", "rsa2048" -> RSA_2048;
            case "ec", "ec-p256", "p-256", "p256" -> EC_P256;
            default -> throw new IllegalArgumentException("unknown key type '" + text + "' (rsa or ec)");
        };
    }
}
