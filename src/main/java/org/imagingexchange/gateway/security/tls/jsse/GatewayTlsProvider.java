// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls.jsse;

import java.security.Provider;
import java.util.List;

/**
 * A JCA provider with one service: the {@code GatewayPKIX} trust manager factory of
 * {@link PartnerTrustManagerFactory}. Open Liberty 26 has no server.xml setting for CRL
 * checking of inbound client certificates; it builds its trust managers with
 * {@code TrustManagerFactory.getInstance(alg, provider)} where {@code alg|provider} comes from
 * the security property {@code ssl.TrustManagerFactory.algorithm}. The launcher therefore starts
 * Liberty's JVM with this package on the boot class path and a security properties file saying
 * <pre>
 *   security.provider.N=org.imagingexchange.gateway.security.tls.jsse.GatewayTlsProvider
 *   ssl.TrustManagerFactory.algorithm=GatewayPKIX|GatewayTls
 * </pre>
 * The JDK itself reads the same property as a plain algorithm name (for its default SSL
 * context), so the factory is also registered under the alias {@code GatewayPKIX|GatewayTls}.
 * <p>This package is loaded by the JVM's boot class loader, not by the application: it may use
 * java.base and java.logging only.
 */
public final class GatewayTlsProvider extends Provider {
    public static final String NAME = "GatewayTls";
    public static final String ALGORITHM = "GatewayPKIX";
    /** The value of {@code ssl.TrustManagerFactory.algorithm} that selects this provider. */
    public static final String SECURITY_PROPERTY_VALUE = ALGORITHM + "|" + NAME;

    private static final long serialVersionUID = 1L;

    public GatewayTlsProvider() {
        super(NAME, "1.0", "Imaging exchange gateway: partner client-certificate checks (CRL file, key and algorithm policy)");
        putService(new Service(this, "TrustManagerFactory", ALGORITHM, PartnerTrustManagerFactory.class.getName(),
                List.of(SECURITY_PROPERTY_VALUE), null) {
            @Override
            public Object newInstance(Object constructorParameter) {
                return new PartnerTrustManagerFactory();
            }
        });
    }
}
