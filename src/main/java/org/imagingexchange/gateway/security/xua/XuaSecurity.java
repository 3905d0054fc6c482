// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.cxf.interceptor.InterceptorProvider;
import org.eclipse.microprofile.config.Config;
import org.imagingexchange.gateway.community.PartnerDirectory;

/**
 * XUA on the SOAP endpoints, assembled once at start: settings, partner directory, validator,
 * access rules and the event sink. The instance started by the runtime is installed here so
 * that {@code SoapEndpoints.publish} can protect each endpoint it publishes with
 * {@link #protect(InterceptorProvider, String)}: the endpoints named in
 * {@code gateway.xua.endpoints} and every responding-gateway endpoint ({@code rg/*}), which
 * cannot be published at all without XUA.
 *
 * <pre>
 * XuaSecurity xua = XuaSecurity.start(config, homeCommunityId, dataSource, new AccessPolicy(),
 *         new LoggingSecurityEventSink());   // also installs it
 * ...
 * xua.close();                              // uninstalls
 * </pre>
 */
public final class XuaSecurity implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(XuaSecurity.class.getName());
    private static final AtomicReference<XuaSecurity> INSTALLED = new AtomicReference<>();

    private final XuaSettings settings;
    private final AssertionValidator validator;
    private final XuaAuthorizer authorizer;
    private final SecurityEventSink sink;

    public XuaSecurity(XuaSettings settings, AssertionValidator validator, XuaAuthorizer authorizer,
                       SecurityEventSink sink) {
        this.settings = settings;
        this.validator = validator;
        this.authorizer = authorizer;
        this.sink = sink;
    }

    /**
     * Reads the settings and the partner file (a bad file stops the start with a message naming
     * line, partner and field), keeps replay state in {@code dataSource} (null: in memory, one
     * instance only) and installs the result for {@link #protect}.
     */
    public static XuaSecurity start(Config config, String homeCommunityId, DataSource dataSource,
                                    XuaAuthorizer authorizer, SecurityEventSink sink) {
        return start(config, loadDirectory(config, homeCommunityId), dataSource, authorizer, sink);
    }

    /** The partner directory of {@code gateway.partners.file} (empty when not set); a bad file stops the start. */
    public static PartnerDirectory loadDirectory(Config config, String homeCommunityId) {
        XuaSettings settings = XuaSettings.from(config);
        return settings.partnersFile() == null ? PartnerDirectory.empty()
                : PartnerDirectory.load(settings.partnersFile(), homeCommunityId);
    }

    /** As above, with the partner directory the runtime loaded once for XUA and the initiating side. */
    public static XuaSecurity start(Config config, PartnerDirectory directory, DataSource dataSource,
                                    XuaAuthorizer authorizer, SecurityEventSink sink) {
        XuaSettings settings = XuaSettings.from(config);
        ReplayCache replay = dataSource != null ? new JdbcReplayCache(dataSource) : new InMemoryReplayCache();
        XuaSecurity security = new XuaSecurity(settings,
                new AssertionValidator(directory, settings, replay, Clock.systemUTC()), authorizer, sink);
        LOG.info(() -> "XUA-031 partner directory: " + directory.partners().size() + " partner(s)"
                + (settings.partnersFile() == null ? " (gateway.partners.file not set)" : " from " + settings.partnersFile())
                + "; XUA required on rg/* and " + settings.requiredEndpoints());
        if (directory.partners().isEmpty() && !settings.requiredEndpoints().isEmpty()) {
            LOG.warning("XUA-032 XUA is required on " + settings.requiredEndpoints()
                    + " but there are no partners: every request to them is refused");
        }
        INSTALLED.set(security);
        return security;
    }

    /** The instance the runtime started, or null. */
    public static XuaSecurity installed() {
        return INSTALLED.get();
    }

    /** Installs {@code security} for {@link #protect} (tests and tools that assemble their own). */
    public static void install(XuaSecurity security) {
        INSTALLED.set(security);
    }

    /**
     * Adds the XUA interceptors to the endpoint at {@code address} (e.g. "/xds/iti18") if it
     * requires XUA. A responding-gateway endpoint without an installed XuaSecurity is an error.
     */
    public static void protect(InterceptorProvider endpoint, String address) {
        XuaSecurity security = INSTALLED.get();
        if (security != null) {
            security.protectEndpoint(endpoint, address);
        } else if (XuaSettings.normalize(address).startsWith("rg/")) {
            throw new IllegalStateException("XUA is not started: cannot publish " + address + " without it");
        }
    }

    public void protectEndpoint(InterceptorProvider endpoint, String address) {
        if (!settings.requires(address)) {
            return;
        }
        String name = XuaSettings.normalize(address);
        OpenSaml.initialize();
        endpoint.getInInterceptors().add(new XuaInInterceptor(this, name));
        endpoint.getInInterceptors().add(new XuaPatientInterceptor(this));
        endpoint.getOutFaultInterceptors().add(new XuaFaultInterceptor());
        LOG.info(() -> "XUA-030 XUA assertion required on /services/" + name);
    }

    /** Whether the XUA check refused this exchange (its refusal is then audited already, as an XUA decision). */
    public static boolean refused(org.apache.cxf.message.Exchange exchange) {
        return exchange != null && exchange.get(XuaInInterceptor.FAULT_KEY) != null;
    }

    public XuaSettings settings() {
        return settings;
    }

    public AssertionValidator validator() {
        return validator;
    }

    public XuaAuthorizer authorizer() {
        return authorizer;
    }

    public SecurityEventSink sink() {
        return sink;
    }

    @Override
    public void close() {
        INSTALLED.compareAndSet(this, null);
    }
}
