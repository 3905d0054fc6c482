// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.imagingexchange.gateway.audit.Auditor;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.community.PartnerDirectory;
import org.imagingexchange.gateway.security.tls.NodeTlsClient;

/**
 * The TLS side of calling a partner (ITI-19 as the client): this node's key store presented as
 * the client certificate, the trust store that partners' server certificates must chain to, and
 * per partner its own SSL context whose trust manager ({@link PartnerServerTrust}) also pins the
 * partner's registered TLS identities. One context per partner, so that neither a kept-alive
 * connection nor a resumed TLS session checked for one partner is ever used for another.
 */
final class PartnerTls {
    private final KeyManager[] keys;
    private final X509ExtendedTrustManager pkix;
    private final PartnerDirectory directory;
    private final Auditor auditor;

    /** Reads the stores of the settings; without a trust store, the JDK's CAs; without a key store, no client certificate. */
    PartnerTls(InitiatingSettings s, PartnerDirectory directory, Auditor auditor) {
        this.directory = directory;
        this.auditor = auditor;
        NodeTlsClient node = new NodeTlsClient(s.tlsKeyStore(), s.tlsKeyStorePassword(), s.tlsTrustStore(),
                s.tlsTrustStorePassword());
        keys = node.keyManagers();
        pkix = node.pkix();
    }

    /**
     * The sockets of calls to {@code p}: the CXF query client and the streamed retrieves
     * ({@link org.imagingexchange.gateway.soap.StreamedRetrieveCall}) both use them, so both keep their connections alive per partner.
     */
    SSLSocketFactory socketFactory(Partner p) {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(keys, new TrustManager[] {new PartnerServerTrust(p, directory, pkix, auditor)}, null);
            return NodeTlsClient.hostChecking(ssl.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for partner " + p.name() + ": " + e.getMessage(), e);
        }
    }


}
