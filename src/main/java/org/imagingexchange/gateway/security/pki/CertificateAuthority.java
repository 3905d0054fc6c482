// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * One certificate authority of the test PKI, kept in a directory:
 * <pre>
 *   ca.pem        the CA certificate (public; what partners put in their trust stores)
 *   ca.p12        the CA key and certificate (PKCS12, 0600)
 *   ca.password   the password of ca.p12 (0600)
 *   crl.pem       its current CRL (v2, with CRL number and authority key identifier)
 * </pre>
 * The CRL is the revocation state: revoking re-signs it with the old entries plus the new one.
 */
public final class CertificateAuthority {
    static final String ALIAS = "ca";
    private final Path dir;
    private final X509Certificate certificate;
    private final PrivateKey key;
    private final SecureRandom random;

    private CertificateAuthority(Path dir, X509Certificate certificate, PrivateKey key, SecureRandom random) {
        this.dir = dir;
        this.certificate = certificate;
        this.key = key;
        this.random = random;
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve("ca.p12"));
    }

    /** Makes a new self-signed CA (basicConstraints CA:TRUE pathLen 0, keyCertSign + cRLSign) and an empty CRL. */
    public static CertificateAuthority create(Path dir, String subject, KeyType keyType, Duration validity,
            Duration crlValidity, SecureRandom random) throws IOException {
        if (exists(dir)) {
            throw new IllegalStateException("a CA already exists in " + dir + " (remove the directory to replace it)");
        }
        Files.createDirectories(dir);
        KeyPair pair = keyType.generate(random);
        Instant now = Instant.now();
        CertificateSpec spec = CertificateSpec.builder(subject)
                .validity(now.minus(Duration.ofMinutes(5)), now.plus(validity))
                .keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign).ca(true).build();
        X509Certificate cert = CertificateSigner.sign(spec, pair.getPublic(), null, pair.getPrivate(), random);
        char[] password = SecretFiles.newPassword(random);
        SecretFiles.writeOwnerOnly(dir.resolve("ca.password"), new String(password) + "\n");
        KeyStores.writeKeyStore(dir.resolve("ca.p12"), password, ALIAS, pair.getPrivate(), List.of(cert));
        Pem.writePublic(dir.resolve("ca.pem"), cert);
        CertificateAuthority ca = new CertificateAuthority(dir, cert, pair.getPrivate(), random);
        ca.writeCrl(null, null, crlValidity);
        return ca;
    }

    public static CertificateAuthority load(Path dir, SecureRandom random) throws IOException {
        if (!exists(dir)) {
            throw new IllegalStateException("no CA in " + dir + " (run 'certs init' first)");
        }
        char[] password = SecretFiles.readPassword(dir.resolve("ca.password"));
        KeyStore ks = KeyStores.read(dir.resolve("ca.p12"), password);
        try {
            return new CertificateAuthority(dir, (X509Certificate) ks.getCertificate(ALIAS),
                    (PrivateKey) ks.getKey(ALIAS, password), random);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the CA key in " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path certificateFile() {
        return dir.resolve("ca.pem");
    }

    public Path crlFile() {
        return dir.resolve("crl.pem");
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public X509Certificate issue(CertificateSpec spec, PublicKey subjectKey) {
        return CertificateSigner.sign(spec, subjectKey, certificate, key, random);
    }

    /** True when {@code cert} names this CA as issuer and carries its valid signature. */
    public boolean issued(X509Certificate cert) {
        if (!cert.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
            return false;
        }
        try {
            cert.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public X509CRL crl() throws IOException {
        return Pem.readCrl(crlFile());
    }

    /**
     * Adds {@code serial} to the CRL and re-signs it (CRL number + 1, same validity period as the
     * current CRL). Revoking an already revoked serial changes nothing but the dates.
     *
     * @param reason an RFC 5280 CRLReason code ({@link org.bouncycastle.asn1.x509.CRLReason})
     */
    public X509CRL revoke(BigInteger serial, int reason) throws IOException {
        X509CRL current = crl();
        boolean already = current.getRevokedCertificate(serial) != null;
        return writeCrl(already ? null : serial, reason, currentValidity(current));
    }

    /** Re-signs the CRL with fresh thisUpdate / nextUpdate (run before the current one goes stale). */
    public X509CRL reissueCrl(Duration validity) throws IOException {
        return writeCrl(null, null, validity != null ? validity : currentValidity(crl()));
    }

    private static Duration currentValidity(X509CRL crl) {
        return crl.getNextUpdate() == null ? Duration.ofDays(30)
                : Duration.between(crl.getThisUpdate().toInstant(), crl.getNextUpdate().toInstant());
    }

    private X509CRL writeCrl(BigInteger newSerial, Integer reason, Duration validity) throws IOException {
        try {
            Instant now = Instant.now();
            X509v2CRLBuilder b = new X509v2CRLBuilder(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), Date.from(now));
            b.setNextUpdate(Date.from(now.plus(validity)));
            BigInteger number = BigInteger.ONE;
            if (Files.exists(crlFile())) {
                X509CRL old = crl();
                b.addCRL(new X509CRLHolder(old.getEncoded()));
                byte[] n = old.getExtensionValue(Extension.cRLNumber.getId());
                if (n != null) {
                    number = CRLNumber.getInstance(org.bouncycastle.asn1.ASN1OctetString.getInstance(n).getOctets())
                            .getCRLNumber().add(BigInteger.ONE);
                }
            }
            if (newSerial != null) {
                b.addCRLEntry(newSerial, Date.from(now), reason);
            }
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate.getPublicKey()));
            var signer = new JcaContentSignerBuilder(KeyType.signatureAlgorithm(key.getAlgorithm(), false))
                    .setSecureRandom(random).build(key);
            X509CRL crl = new JcaX509CRLConverter().getCRL(b.build(signer));
            Path tmp = dir.resolve("crl.pem.tmp");
            Pem.writePublic(tmp, crl);
            Files.move(tmp, crlFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return crl;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot sign the CRL of " + dir, e);
        }
    }
}
