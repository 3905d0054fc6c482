// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.logging.Logger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.imagingexchange.gateway.audit.Auditor;
import org.imagingexchange.gateway.audit.SecurityAlert;
import org.imagingexchange.gateway.community.Certificates;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.community.PartnerDirectory;

/**
 * The check of one partner's server certificate when we call it (ITI-19 as the client,
 * CATALOGUE TLS-11): the chain must pass PKIX and the host-name check against the URL's host
 * (RFC 9525; done by the JDK because {@link PartnerTls} turns on endpoint identification), and
 * the leaf must be one of the TLS identities the partner file registers for this partner, the
 * same ones that identify its inbound calls. Lab and Connectathon certificates share host names
 * (every lab node is 127.0.0.1), so the host name alone would let one partner answer for
 * another. It runs inside the handshake: a refused partner never receives a byte of the request.
 * Each refusal is logged ({@code XCA-IG-030}) and audited as a Security Alert (Node
 * Authentication) naming the partner.
 */
final class PartnerServerTrust extends X509ExtendedTrustManager {
    private static final Logger LOG = Logger.getLogger(PartnerServerTrust.class.getName());

    private final Partner partner;
    private final PartnerDirectory directory;
    private final X509ExtendedTrustManager pkix;
    private final Auditor auditor;

    PartnerServerTrust(Partner partner, PartnerDirectory directory, X509ExtendedTrustManager pkix, Auditor auditor) {
        this.partner = partner;
        this.directory = directory;
        this.pkix = pkix;
        this.auditor = auditor == null ? Auditor.NONE : auditor;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        String peer = socket == null || socket.getInetAddress() == null ? null
                : socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        String host = socket instanceof SSLSocket s && s.getHandshakeSession() != null
                ? s.getHandshakeSession().getPeerHost() : null;
        try {
            pkix.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw refused(chain, "not trusted: " + e.getMessage(), peer, host);
        }
        pin(chain, peer, host);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        String peer = engine == null ? null : engine.getPeerHost() + ":" + engine.getPeerPort();
        try {
            pkix.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw refused(chain, "not trusted: " + e.getMessage(), peer, engine == null ? null : engine.getPeerHost());
        }
        pin(chain, peer, engine == null ? null : engine.getPeerHost());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw refused(chain, "not trusted: " + e.getMessage(), null, null);
        }
        pin(chain, null, null);
    }

    private void pin(X509Certificate[] chain, String peer, String host) throws PartnerCertificateException {
        X509Certificate leaf = chain[0];
        if (partner.tlsIdentities().isEmpty()) {
            throw refused(chain, "no TLS identity registered for the partner (tls: in the partner file), "
                    + "so its server certificate cannot be checked", peer, host);
        }
        if (partner.tlsIdentities().stream().anyMatch(id -> id.matches(leaf))) {
            return;
        }
        Optional<Partner> owner = directory.byTlsCertificate(leaf);
        throw refused(chain, owner.isPresent() ? "presents the certificate of partner " + owner.get().name()
                : "certificate is not one of the partner's registered TLS identities " + partner.tlsIdentities(),
                peer, host);
    }

    private PartnerCertificateException refused(X509Certificate[] chain, String why, String peer, String host) {
        X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
        String reason = "server certificate of partner " + partner.name() + " refused: " + why
                + (leaf == null ? "" : " (subject=" + leaf.getSubjectX500Principal().getName()
                + ", sha256=" + Certificates.sha256(leaf) + ")");
        LOG.warning(() -> "XCA-IG-030 " + reason + " host=" + host + " peer=" + peer + "; nothing sent");
        auditor.securityAlert(new SecurityAlert(SecurityAlert.Type.NODE_AUTHENTICATION, reason, peer,
                partner.homeCommunityId(), host, null, null));
        return new PartnerCertificateException(reason);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("partner connections are client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("partner connections are client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("partner connections are client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    /** A partner's server certificate was refused; its message is ours, safe for logs and the health view. */
    static final class PartnerCertificateException extends CertificateException {
        PartnerCertificateException(String message) {
            super(message);
        }
    }
}
