// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Logger;
import org.apache.cxf.Bus;
import org.imagingexchange.gateway.audit.Auditor;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.community.PartnerDirectory;
import org.imagingexchange.gateway.soap.SoapClients;

/**
 * Everything the initiating side keeps per partner: its SOAP clients (created on first use and
 * then kept), a semaphore of {@code maxConcurrentRequests} permits, its health and circuit
 * breaker; and the plain thread pool the calls run on (platform threads, so a call stuck in a
 * socket read never pins anything else; a call is bounded by its partner's timeouts).
 *
 * <p>A permit is held while a call waits for the partner's answer; for a retrieve it is released
 * when the SOAP part has arrived, while the MTOM parts still stream to the consumer.
 *
 * <p>The query clients use CXF's HttpURLConnection conduit on a bus of their own: its read
 * timeout is an idle-read timeout (DESIGN section 4). The retrieves go over plain
 * HttpURLConnection with the same TLS and timeouts ({@link org.imagingexchange.gateway.soap.StreamedRetrieveCall}), so that the
 * partner's answer streams through instead of being spooled by CXF's client.
 */
public final class PartnerConnections implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PartnerConnections.class.getName());
    /** The failure of a call not sent because the partner's breaker is open. */
    static final String BREAKER_OPEN = "circuit breaker open";

    private final PartnerDirectory directory;
    private final InitiatingSettings settings;
    private final OutboundAssertions assertions;
    private final Clock clock;
    private final Bus bus;
    private final PartnerTls tls;
    private final ExecutorService executor;
    private final Map<String, PartnerClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
    private final Map<String, PartnerHealth> health = new ConcurrentHashMap<>();

    /** {@code auditor} receives a Security Alert for every partner server certificate refused. */
    public PartnerConnections(PartnerDirectory directory, InitiatingSettings settings, OutboundAssertions assertions,
                              Clock clock, Auditor auditor) {
        this.directory = directory;
        this.settings = settings;
        this.assertions = assertions;
        this.clock = clock;
        this.tls = new PartnerTls(settings, directory, auditor);
        this.bus = SoapClients.clientBus();
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "xca-initiating-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (Partner p : directory.partners()) {
            if (p.enabled() && p.outboundAssertion() == org.imagingexchange.gateway.community.OutboundAssertionMode.ISSUE
                    && !assertions.canIssue()) {
                LOG.severe(() -> "XCA-IG-001 partner " + p.name() + " needs assertions issued by this gateway but "
                        + "GATEWAY_SAML_KEYSTORE is not set: every call to it fails");
            }
            if (p.enabled() && p.tlsIdentities().isEmpty() && p.endpoints().usesTls()) {
                LOG.severe(() -> "XCA-IG-005 partner " + p.name() + " has https endpoints but no TLS identity "
                        + "(tls: in the partner file): its server certificate cannot be checked, every call to it fails");
            }
        }
    }

    public InitiatingSettings settings() {
        return settings;
    }

    public OutboundAssertions assertions() {
        return assertions;
    }

    /** Every partner of the directory, enabled or not, in file order. */
    public List<Partner> partners() {
        return directory.partners();
    }

    public Optional<Partner> byHomeCommunityId(String homeCommunityId) {
        return directory.byHomeCommunityId(homeCommunityId);
    }

    public HealthSnapshot health(Partner p) {
        return healthOf(p).snapshot();
    }

    /**
     * Starts {@code work} against partner {@code p}'s clients on the pool, unless its breaker is
     * open. The call waits for a concurrency permit within {@code deadline} (or the connect
     * timeout when there is none).
     */
    <T> Pending<T> call(Partner p, Duration deadline, Function<PartnerClient, T> work) {
        PartnerHealth h = healthOf(p);
        if (!h.breaker().tryAcquire()) {
            return Pending.failed(BREAKER_OPEN);
        }
        Semaphore semaphore = permits.computeIfAbsent(p.homeCommunityId(),
                k -> new Semaphore(p.limits().maxConcurrentRequests(), true));
        Duration wait = deadline != null ? deadline : p.limits().connectTimeout();
        return Pending.start(executor, () -> {
            if (!semaphore.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new PartnerCallException("all " + p.limits().maxConcurrentRequests()
                        + " concurrent requests to the partner are busy");
            }
            try {
                return work.apply(client(p));
            } finally {
                semaphore.release();
            }
        }, deadline, new Pending.Listener() {
            @Override
            public void succeeded(long millis) {
                h.success(millis);
            }

            @Override
            public void failed(long millis, String reason) {
                h.failure(millis, reason);
            }
        });
    }

    /**
     * Creates the clients of every enabled partner and signs one throw-away assertion now, so
     * that the first call to a partner does not spend its deadline on parsing WSDLs and
     * initializing OpenSAML (seconds on a busy machine). Runs in the background at start; tests call it directly.
     */
    public void warmUp() {
        long t0 = System.nanoTime();
        if (assertions.canIssue()) {
            assertions.warmUp(); // OpenSAML, the signing provider: about a second on first use
        }
        for (Partner p : directory.partners()) {
            if (p.enabled()) {
                try {
                    client(p);
                } catch (RuntimeException e) {
                    LOG.warning(() -> "XCA-IG-003 clients of partner " + p.name() + " not created: " + e);
                }
            }
        }
        LOG.info(() -> "XCA-IG-004 partner clients ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    /** {@link #warmUp()} on the pool, for the start of the gateway. */
    void warmUpInBackground() {
        executor.execute(this::warmUp);
    }

    /** Runs local work on the same pool, in parallel with the partner calls. */
    <T> Pending<T> local(Duration deadline, java.util.concurrent.Callable<T> work) {
        return Pending.start(executor, work, deadline, Pending.Listener.NONE);
    }

    private PartnerClient client(Partner p) {
        return clients.computeIfAbsent(p.homeCommunityId(), k -> new PartnerClient(bus, p, tls.socketFactory(p)));
    }

    private PartnerHealth healthOf(Partner p) {
        return health.computeIfAbsent(p.homeCommunityId(), k -> new PartnerHealth(
                new CircuitBreaker(settings.breakerFailures(), settings.breakerCooldown(), clock), clock));
    }

    @Override
    public void close() {
        executor.shutdownNow();
        bus.shutdown(false);
    }
}
