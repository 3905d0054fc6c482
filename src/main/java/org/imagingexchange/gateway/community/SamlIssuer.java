// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * An X-Assertion Provider (SAML issuer) of a partner: its entity id, as written in
 * saml2:Issuer, and the certificates whose keys may sign its assertions. Trust is by these
 * keys only: a certificate in the assertion's KeyInfo is never trusted by itself. Several
 * certificates allow a key rollover.
 */
public record SamlIssuer(String entityId, List<X509Certificate> signingCertificates) {
    public SamlIssuer {
        signingCertificates = List.copyOf(signingCertificates);
    }
}
