// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Turns a {@link CertificateSpec} into an X.509 v3 certificate signed by an issuer key (RFC 5280
 * profile: random 127-bit serial, subject and authority key identifiers, critical basic
 * constraints and key usage).
 */
final class CertificateSigner {
    private CertificateSigner() {}

    /**
     * @param issuer the issuing CA's certificate, or null for a self-signed certificate
     *               (then {@code issuerKey} is the subject's own private key)
     */
    static X509Certificate sign(CertificateSpec spec, PublicKey subjectKey, X509Certificate issuer,
            PrivateKey issuerKey, SecureRandom random) {
        try {
            // RFC 4514 order as written (CN first); X500Principal encodes it most-significant RDN first
            X500Name subject = X500Name.getInstance(new X500Principal(spec.subject()).getEncoded());
            X500Name issuerName = issuer == null ? subject : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
            BigInteger serial = new BigInteger(127, random).setBit(126);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, serial,
                    Date.from(spec.notBefore()), Date.from(spec.notAfter()), subject, subjectKey);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, spec.ca() ? new BasicConstraints(0) : new BasicConstraints(false));
            if (spec.keyUsage() != 0) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(spec.keyUsage()));
            }
            if (!spec.extendedKeyUsage().isEmpty()) {
                b.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(spec.extendedKeyUsage().toArray(new KeyPurposeId[0])));
            }
            List<GeneralName> names = new ArrayList<>();
            spec.dnsNames().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            for (String ip : spec.ipAddresses()) {
                names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(InetAddress.getByName(ip).getAddress())));
            }
            spec.uris().forEach(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
            if (!names.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
            }
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            if (issuer != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer.getPublicKey()));
            }
            String sigAlg = KeyType.signatureAlgorithm(issuerKey.getAlgorithm(), spec.sha1Signature());
            var signer = new JcaContentSignerBuilder(sigAlg).setSecureRandom(random).build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue certificate for " + spec.subject(), e);
        }
    }
}
