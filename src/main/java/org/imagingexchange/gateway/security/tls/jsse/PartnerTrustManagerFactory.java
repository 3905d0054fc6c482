// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls.jsse;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * Trust managers that check inbound client certificates strictly ({@link PartnerTrustManager})
 * and leave server-certificate checks (outbound connections) to the JDK's PKIX trust manager
 * unchanged. Settings come from the environment of the server process:
 * {@code GATEWAY_TLS_CRL} (comma-separated CRL files or directories; empty = no revocation check).
 */
public final class PartnerTrustManagerFactory extends TrustManagerFactorySpi {
    private TrustManager[] managers;

    @Override
    protected void engineInit(KeyStore trustStore) throws KeyStoreException {
        try {
            TrustManagerFactory pkix = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
            pkix.init(trustStore);
            managers = new TrustManager[] {new PartnerTrustManager(trustStore, pkix.getTrustManagers(),
                    CrlSource.fromSetting(System.getenv("GATEWAY_TLS_CRL")))};
        } catch (NoSuchAlgorithmException | java.security.NoSuchProviderException e) {
            throw new KeyStoreException("the JDK's PKIX trust manager is not available", e);
        }
    }

    /** Explicit CertPath parameters: the caller decides everything, so the JDK's PKIX manager is used as is. */
    @Override
    protected void engineInit(ManagerFactoryParameters spec) throws InvalidAlgorithmParameterException {
        try {
            TrustManagerFactory pkix = TrustManagerFactory.getInstance("PKIX", "SunJSSE");
            pkix.init(spec);
            managers = pkix.getTrustManagers();
        } catch (NoSuchAlgorithmException | java.security.NoSuchProviderException e) {
            throw new InvalidAlgorithmParameterException("the JDK's PKIX trust manager is not available", e);
        }
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        if (managers == null) {
            throw new IllegalStateException("trust manager factory not initialized");
        }
        return managers.clone();
    }
}
