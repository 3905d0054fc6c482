// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.pki;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * What one issued certificate says: subject, validity, key usage, extended key usage and
 * subject alternative names. Built with {@link #builder(String)}; the profiles the PKI uses
 * are the static factories ({@link #tlsNode}, {@link #samlSigning}, {@link #tlsClient}).
 */
public record CertificateSpec(
        String subject,
        Instant notBefore,
        Instant notAfter,
        int keyUsage,
        List<KeyPurposeId> extendedKeyUsage,
        List<String> dnsNames,
        List<String> ipAddresses,
        List<String> uris,
        boolean ca,
        boolean sha1Signature) {

    public CertificateSpec {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        extendedKeyUsage = List.copyOf(extendedKeyUsage);
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        uris = List.copyOf(uris);
    }

    /** A gateway's TLS node certificate: server and client authentication (ITI-19 mutual node authentication). */
    public static Builder tlsNode(String subject, boolean rsa, Instant from, Instant to) {
        return builder(subject).validity(from, to)
                .keyUsage(rsa ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature)
                .extendedKeyUsage(KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
    }

    /** The signing certificate of a community's X-Assertion Provider (XUA): digital signatures only. */
    public static Builder samlSigning(String subject, Instant from, Instant to) {
        return builder(subject).validity(from, to).keyUsage(KeyUsage.digitalSignature);
    }

    /** A TLS client certificate, for test clients (and their deliberately broken variants). */
    public static Builder tlsClient(String subject, Instant from, Instant to) {
        return builder(subject).validity(from, to).keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(KeyPurposeId.id_kp_clientAuth);
    }

    public static Builder builder(String subject) {
        return new Builder(subject);
    }

    /** Fluent builder of a {@link CertificateSpec}. */
    public static final class Builder {
        private final String subject;
        private Instant notBefore = Instant.now();
        private Instant notAfter = Instant.now().plusSeconds(86_400L * 365);
        private int keyUsage;
        private final List<KeyPurposeId> eku = new ArrayList<>();
        private final List<String> dns = new ArrayList<>();
        private final List<String> ips = new ArrayList<>();
        private final List<String> uris = new ArrayList<>();
        private boolean ca;
        private boolean sha1;

        private Builder(String subject) {
            this.subject = subject;
        }

        public Builder validity(Instant from, Instant to) {
            this.notBefore = from;
            this.notAfter = to;
            return this;
        }

        public Builder keyUsage(int bits) {
            this.keyUsage = bits;
            return this;
        }

        public Builder extendedKeyUsage(KeyPurposeId... purposes) {
            eku.clear();
            eku.addAll(List.of(purposes));
            return this;
        }

        /** A host name or an IP literal; IP literals become iPAddress names, the rest dNSName. */
        public Builder host(String host) {
            if (HostNames.isIpLiteral(host)) {
                if (!ips.contains(host)) {
                    ips.add(host);
                }
            } else if (!dns.contains(host)) {
                dns.add(host);
            }
            return this;
        }

        public Builder uri(String uri) {
            uris.add(uri);
            return this;
        }

        public Builder ca(boolean isCa) {
            this.ca = isCa;
            return this;
        }

        public Builder sha1Signature(boolean weak) {
            this.sha1 = weak;
            return this;
        }

        public CertificateSpec build() {
            return new CertificateSpec(subject, notBefore, notAfter, keyUsage, eku, dns, ips, uris, ca, sha1);
        }
    }
}
