// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM files, for the tools that do not read PKCS12 (openssl, curl, xmlsec1) and for the partner directory. */
public final class Pem {
    private Pem() {}

    public static String encode(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                if (o instanceof PrivateKey key) {
                    w.writeObject(new JcaPKCS8Generator(key, null));
                } else if (o instanceof List<?> list) {
                    for (Object item : list) {
                        w.writeObject(item);
                    }
                } else {
                    w.writeObject(o);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("PEM encoding failed", e);
        }
        return out.toString();
    }

    /** Certificates and CRLs are public: written with the default permissions. */
    public static void writePublic(Path file, Object... objects) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, encode(objects), StandardCharsets.US_ASCII);
    }

    /** An unencrypted PKCS#8 private key, owner-only (0600): for openssl, curl and xmlsec1 in the lab. */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        SecretFiles.writeOwnerOnly(file, encode(key));
    }

    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException("no certificate in " + file);
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    public static X509CRL readCrl(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read CRL " + file + ": " + e.getMessage(), e);
        }
    }
}
