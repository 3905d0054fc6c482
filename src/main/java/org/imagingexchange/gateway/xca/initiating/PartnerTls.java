// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.apache.cxf.configuration.jsse.TLSClientParameters;

/**
 * The TLS side of calling a partner (ITI-19 as the client): this node's key store presented as
 * the client certificate, and the trust store that partners' server certificates must chain to.
 * Host names are verified (lab node certificates carry the host names and 127.0.0.1).
 */
final class PartnerTls {
    private PartnerTls() {}

    /** TLS parameters from the settings; without stores, the JDK's defaults and no client certificate. */
    static TLSClientParameters parameters(InitiatingSettings s) {
        TLSClientParameters tls = new TLSClientParameters();
        tls.setDisableCNCheck(false);
        try {
            if (s.tlsKeyStore() != null) {
                char[] password = chars(s.tlsKeyStorePassword());
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(s.tlsKeyStore(), password), password);
                tls.setKeyManagers(kmf.getKeyManagers());
            }
            if (s.tlsTrustStore() != null) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
                tmf.init(load(s.tlsTrustStore(), chars(s.tlsTrustStorePassword())));
                tls.setTrustManagers(tmf.getTrustManagers());
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the TLS stores for partner calls: " + e.getMessage(), e);
        }
        return tls;
    }

    /**
     * The same key and trust managers as a socket factory, for the retrieves sent without CXF
     * ({@link StreamedRetrieveCall}); one per gateway, so their connections are kept alive and reused.
     */
    static SSLSocketFactory socketFactory(TLSClientParameters tls) {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(tls.getKeyManagers(), tls.getTrustManagers(), null);
            return ssl.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for partner calls: " + e.getMessage(), e);
        }
    }

    static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        }
        return ks;
    }

    static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }
}
