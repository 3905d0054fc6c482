// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls.jsse;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust manager of the partner-facing TLS port (ITI-19 Authenticate Node, server side).
 * A client certificate chain is accepted only when
 * <ol>
 *   <li>it meets {@link ClientCertificatePolicy} (key sizes, no SHA-1, leaf not a CA, key usages), and</li>
 *   <li>the JDK's PKIX validation accepts it against the trust store, with revocation checked
 *       against the CRLs of {@code GATEWAY_TLS_CRL} only (no OCSP, no network fetch) and
 *       hard-failing: a CA without a current CRL (missing, or past its nextUpdate) fails every
 *       certificate it issued.</li>
 * </ol>
 * The CRL files are re-read when they change (checked at each full handshake), so
 * {@code ./gateway certs revoke} or a CRL download takes effect without a restart; a session
 * resumed from before the change is not re-checked (the server limits session lifetime).
 * Server certificates (outbound connections) are checked by the plain JDK trust manager.
 * Every refusal is logged (message {@code GWTLS0001W}) and kept in {@link RejectionLog}.
 */
public final class PartnerTrustManager extends X509ExtendedTrustManager {
    private static final Logger LOG = Logger.getLogger("org.imagingexchange.gateway.security.tls");
    private static final Duration CRL_WARNING = Duration.ofDays(2);

    private final KeyStore trustStore;
    private final X509ExtendedTrustManager plain;
    private final CrlSource crls;
    private volatile Checker checker;

    /** The strict PKIX delegate built from one set of CRL files (or the failure to build it). */
    private record Checker(String stamp, X509ExtendedTrustManager delegate, String failure) {}

    public PartnerTrustManager(KeyStore trustStore, TrustManager[] plainManagers, CrlSource crls) {
        this.trustStore = trustStore;
        this.plain = firstX509(plainManagers);
        this.crls = crls;
        if (crls == null) {
            checker = new Checker("", plain, null);
        }
    }

    private static X509ExtendedTrustManager firstX509(TrustManager[] managers) {
        for (TrustManager m : managers) {
            if (m instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509ExtendedTrustManager from the JDK's PKIX factory");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkClient(chain, null, -1, d -> d.checkClientTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClient(chain, socket == null || socket.getInetAddress() == null ? null
                : socket.getInetAddress().getHostAddress(), socket == null ? -1 : socket.getPort(),
                d -> d.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClient(chain, engine == null ? null : engine.getPeerHost(), engine == null ? -1 : engine.getPeerPort(),
                d -> d.checkClientTrusted(chain, authType, engine));
    }

    private interface Check {
        void run(X509ExtendedTrustManager delegate) throws CertificateException;
    }

    /** {@code peerHost} and {@code peerPort}: the client, when JSSE knows it (null and -1 otherwise). */
    private void checkClient(X509Certificate[] chain, String peerHost, int peerPort, Check pkix)
            throws CertificateException {
        try {
            ClientCertificatePolicy.check(chain);
            Checker c = current();
            if (c.failure() != null) {
                throw new CertificateException("revocation status unavailable: " + c.failure());
            }
            pkix.run(c.delegate());
        } catch (CertificateException e) {
            RejectionLog.record(chain, reason(e), peerHost, peerPort);
            throw e;
        }
    }

    private static String reason(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable t = e.getCause(); t != null && sb.length() < 400; t = t.getCause()) {
            if (t.getMessage() != null && !sb.toString().contains(t.getMessage())) {
                sb.append(": ").append(t.getMessage());
            }
        }
        return sb.toString();
    }

    private Checker current() {
        if (crls == null) {
            return checker;
        }
        String stamp = crls.stamp();
        Checker c = checker;
        if (c != null && c.stamp().equals(stamp)) {
            return c;
        }
        synchronized (this) {
            c = checker;
            if (c == null || !c.stamp().equals(stamp)) {
                c = build(stamp);
                checker = c;
            }
            return c;
        }
    }

    private Checker build(String stamp) {
        try {
            List<X509CRL> list = crls.load();
            PKIXBuilderParameters params = new PKIXBuilderParameters(trustStore, new X509CertSelector());
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(list)));
            PKIXRevocationChecker revocation = (PKIXRevocationChecker) CertPathValidator.getInstance("PKIX")
                    .getRevocationChecker();
            revocation.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
                    PKIXRevocationChecker.Option.NO_FALLBACK));
            params.addCertPathChecker(revocation);
            params.setRevocationEnabled(true);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
            tmf.init(new CertPathTrustManagerParameters(params));
            Instant now = Instant.now();
            for (X509CRL crl : list) {
                Instant next = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
                if (next != null && next.isBefore(now.plus(CRL_WARNING))) {
                    LOG.warning(() -> "GWTLS0003W CRL of " + crl.getIssuerX500Principal().getName()
                            + (next.isBefore(now) ? " is stale (nextUpdate " : " expires soon (nextUpdate ") + next
                            + "): client certificates of this CA are refused once it is stale");
                }
            }
            LOG.info(() -> "GWTLS0002I client certificate revocation checking with " + list.size()
                    + " CRL(s) from " + crls.locations());
            return new Checker(stamp, firstX509(tmf.getTrustManagers()), null);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.log(Level.SEVERE, "GWTLS0004E cannot load the CRLs of GATEWAY_TLS_CRL; every client certificate is refused: "
                    + e.getMessage(), e);
            return new Checker(stamp, null, String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        plain.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        plain.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        plain.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return plain.getAcceptedIssuers();
    }
}
