// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;

/**
 * One TLS identity of a partner's node: the certificate's subject DN, its SHA-256 fingerprint,
 * or both (then both must match). It identifies the partner's inbound calls (client certificate)
 * and is pinned when we call the partner (server certificate, xca.initiating.PartnerServerTrust). DNs compare in canonical form (RFC 4514 spacing
 * and case of attribute names do not matter).
 */
public record TlsIdentity(X500Principal subject, String sha256) {
    public TlsIdentity {
        if (subject == null && sha256 == null) {
            throw new IllegalArgumentException("a TLS identity needs a subject DN or a SHA-256 fingerprint");
        }
    }

    public boolean matches(X509Certificate cert) {
        if (cert == null) {
            return false;
        }
        boolean dn = subject == null || subject.equals(cert.getSubjectX500Principal());
        boolean fp = sha256 == null || sha256.equals(Certificates.sha256(cert));
        return dn && fp;
    }

    @Override
    public String toString() {
        return (subject != null ? "subject=" + subject.getName() : "")
                + (subject != null && sha256 != null ? " " : "")
                + (sha256 != null ? "sha256=" + sha256 : "");
    }
}
