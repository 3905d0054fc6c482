// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.imagingexchange.gateway.audit.AuditHooks;
import org.imagingexchange.gateway.audit.AuditService;
import org.imagingexchange.gateway.audit.AuditSettings;
import org.imagingexchange.gateway.audit.XuaAuditSink;
import org.imagingexchange.gateway.community.PartnerDirectory;
import org.imagingexchange.gateway.config.GatewaySettings;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.dicom.StoreScp;
import org.imagingexchange.gateway.dicom.StoreScpConfig;
import org.imagingexchange.gateway.importing.ImportRunner;
import org.imagingexchange.gateway.importing.ImportService;
import org.imagingexchange.gateway.importing.ImportSettings;
import org.imagingexchange.gateway.ingest.DicomReceiver;
import org.imagingexchange.gateway.ingest.IngestService;
import org.imagingexchange.gateway.ingest.UploadService;
import org.imagingexchange.gateway.pacs.EmbeddedStore;
import org.imagingexchange.gateway.pacs.Pacs;
import org.imagingexchange.gateway.pacs.dicomweb.DicomWebPacs;
import org.imagingexchange.gateway.pacs.dicomweb.PacsIndexer;
import org.imagingexchange.gateway.patient.PatientIndex;
import org.imagingexchange.gateway.persistence.Database;
import org.imagingexchange.gateway.security.policy.AccessPolicy;
import org.imagingexchange.gateway.security.tls.NodeAuthenticationAudit;
import org.imagingexchange.gateway.security.tls.NodeAuthenticationFailures;
import org.imagingexchange.gateway.security.xua.LoggingSecurityEventSink;
import org.imagingexchange.gateway.security.xua.XuaSecurity;
import org.imagingexchange.gateway.xca.crossref.PatientCrossReference;
import org.imagingexchange.gateway.xca.initiating.InitiatingGateway;
import org.imagingexchange.gateway.xca.initiating.InitiatingSettings;
import org.imagingexchange.gateway.xca.initiating.PartnerPatientId;
import org.imagingexchange.gateway.xca.initiating.PartnerPatientIds;
import org.imagingexchange.gateway.xca.initiating.PatientLinksFile;
import org.imagingexchange.gateway.xds.community.CommunityActorsSettings;
import org.imagingexchange.gateway.xds.community.EmbeddedActors;
import org.imagingexchange.gateway.xds.community.ExternalActors;
import org.imagingexchange.gateway.xds.community.LocalCommunity;
import org.imagingexchange.gateway.xds.imaging.ImagingDocumentSource;
import org.imagingexchange.gateway.xds.imaging.TranscodingSpool;
import org.imagingexchange.gateway.xds.manifest.ManifestPublisher;
import org.imagingexchange.gateway.xds.registry.RegistryService;
import org.imagingexchange.gateway.xds.registry.RegistrySettings;
import org.imagingexchange.gateway.xds.repository.RepositoryService;
import org.imagingexchange.gateway.xds.repository.RepositorySettings;

/**
 * Builds the gateway's services from its settings when the application starts, and closes
 * them when it stops. The only place that knows how the pieces fit; endpoints and REST
 * resources get their services from here.
 */
@ApplicationScoped
public class GatewayRuntime {
    private static final Logger LOG = Logger.getLogger(GatewayRuntime.class.getName());

    private GatewaySettings settings;
    private Database database;
    private AuditService audit;
    private Pacs pacs;
    private IngestService ingest;
    private UploadService uploads;
    private RegistryService registry;
    private RepositoryService repository;
    private ImagingDocumentSource imagingSource;
    private LocalCommunity community;
    private ManifestPublisher publisher;
    private StoreScp storeScp;
    private PacsIndexer pacsIndexer;
    private ScheduledExecutorService scheduler;
    private XuaSecurity xua;
    private NodeAuthenticationAudit tlsAudit;
    private PatientCrossReference crossReference;
    private PartnerDirectory partnerDirectory;
    private InitiatingGateway initiating;
    private ImportService imports;
    private ImportRunner importRunner;
    private volatile boolean started;

    /** Starts everything eagerly with the application rather than on first request. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        ensureStarted();
    }

    public synchronized void ensureStarted() {
        if (started) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            settings = GatewaySettings.from(ConfigProvider.getConfig());
            Files.createDirectories(settings.dataDir());
            database = Database.open(new Database.Settings(settings.dbUrl(), settings.dbUser(),
                    settings.dbPassword(), settings.dataDir(), 10));
            // ATNA audit (issue 3): started before anything that audits; hooks for endpoints and ingest
            audit = AuditService.start(database, AuditSettings.from(ConfigProvider.getConfig(), settings.aeTitle(),
                    settings.homeCommunityId()));
            AuditHooks.install(audit);
            // the partner directory, read once for XUA and for the initiating side (issue 4)
            partnerDirectory = XuaSecurity.loadDirectory(ConfigProvider.getConfig(), settings.homeCommunityId());
            if (NodeAuthenticationFailures.installed()) { // refused client certificates become Security Alerts (TLS-14)
                tlsAudit = NodeAuthenticationAudit.start(audit, partnerDirectory);
            }
            xua = XuaSecurity.start(ConfigProvider.getConfig(), partnerDirectory, database.dataSource(),
                    new AccessPolicy(), new XuaAuditSink(audit, new LoggingSecurityEventSink()));
            DicomLimits limits = DicomLimits.defaults();
            EmbeddedStore embedded = settings.embeddedPacs() ? new EmbeddedStore(settings.dataDir().resolve("dicom")) : null;
            pacs = embedded != null ? embedded : new DicomWebPacs(settings.pacsUrl());
            Clock clock = Clock.systemUTC();
            ingest = new IngestService(database, pacs, settings.patientIdIssuer(), clock);
            uploads = new UploadService(ingest, settings.dataDir().resolve("spool").resolve("upload"), limits,
                    settings.maxUploadBytes(), 100_000);
            registry = new RegistryService(database, new RegistrySettings(settings.homeCommunityId(),
                    settings.maxQueryResults()), patientId -> new PatientIndex(database).isKnown(patientId));
            repository = new RepositoryService(database, registry, new RepositorySettings(
                    settings.repositoryUniqueId(), settings.dataDir().resolve("repository"), settings.maxUploadBytes()));
            TranscodingSpool spool = new TranscodingSpool(settings.dataDir().resolve("spool"), limits,
                    location -> embedded == null ? null : embedded.file(location));
            imagingSource = new ImagingDocumentSource(database, pacs, spool, settings.repositoryUniqueId(),
                    settings.homeCommunityId());
            // XCA (issue 4): partner patient ids <-> local ids, for both gateway sides
            crossReference = new PatientCrossReference(database, settings.patientIdIssuer(), settings.homeCommunityId(),
                    clock);
            publisher = new ManifestPublisher(database, repository, new ManifestPublisher.Settings(
                    settings.repositoryUniqueId(), settings.aeTitle(), settings.repositoryUniqueId(),
                    settings.manifestStableTime(), settings.dataDir().resolve("spool")), clock);
            // this community's registry, repository and Imaging Document Source as both XCA sides see them:
            // the embedded ones, or the community's existing ones by ITI-18 / ITI-43 / RAD-69
            community = ExternalActors.of(CommunityActorsSettings.from(ConfigProvider.getConfig()),
                    new EmbeddedActors(settings.homeCommunityId(), registry, repository, imagingSource), audit);
            // XCA / XCA-I initiating side (issue 4)
            initiating = InitiatingGateway.start(InitiatingSettings.from(ConfigProvider.getConfig(),
                            settings.homeCommunityId(), settings.patientIdIssuer(), settings.aeTitle()),
                    partnerDirectory, community, partnerPatientIds(crossReference), audit);
            // IRWF.b import jobs (issue 5): partner studies and media reconciled into the local PACS
            ImportSettings importSettings = ImportSettings.from(ConfigProvider.getConfig(), settings.dataDir(),
                    settings.aeTitle(), settings.dicomPort());
            imports = new ImportService(database, importSettings, this::findManifest, settings.maxUploadBytes(), clock);
            importRunner = ImportRunner.start(database, importSettings, settings.patientIdIssuer(), crossReference, pacs,
                    ingest, initiating.retrieve(), publisher::publish, audit, limits, clock);
            storeScp = new StoreScp();
            storeScp.start(new StoreScpConfig(settings.dicomPort(), settings.aeTitle(),
                    settings.dataDir().resolve("spool").resolve("dimse"), limits), new DicomReceiver(ingest));
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "manifest-publisher");
                t.setDaemon(true);
                return t;
            });
            long period = Math.max(1, Math.min(10, settings.manifestStableTime().toSeconds() / 3));
            scheduler.scheduleWithFixedDelay(this::publishDue, period, period, TimeUnit.SECONDS);
            if (pacs instanceof DicomWebPacs external) {
                pacsIndexer = new PacsIndexer(database, external.client(), ingest);
                long scan = Math.max(1, settings.pacsScanInterval().toSeconds());
                scheduler.scheduleWithFixedDelay(this::scanPacs, 0, scan, TimeUnit.SECONDS);
            }
            started = true;
            LOG.info(() -> String.format("gateway started community=%s repository=%s pacs=%s dicom=%s@%d %d ms",
                    settings.homeCommunityId(), settings.repositoryUniqueId(), pacs.kind(), settings.aeTitle(),
                    settings.dicomPort(), (System.nanoTime() - t0) / 1_000_000));
        } catch (IOException e) {
            throw new UncheckedIOException("gateway failed to start", e);
        }
    }

    /**
     * Which partners know a local patient: the patient cross-reference table, and the static links
     * of {@code gateway.patient.links.file} when set for communities the table does not name.
     */
    private static PartnerPatientIds partnerPatientIds(PatientCrossReference crossReference) {
        PartnerPatientIds file = ConfigProvider.getConfig().getOptionalValue("gateway.patient.links.file", String.class)
                .filter(f -> !f.isBlank()).<PartnerPatientIds>map(f -> PatientLinksFile.read(Path.of(f.strip())))
                .orElse(PartnerPatientIds.NONE);
        return localPatientId -> {
            List<PartnerPatientId> ids = new ArrayList<>();
            crossReference.forLocalPatient(localPatientId).forEach(l -> ids.add(new PartnerPatientId(
                    l.homeCommunityId(), l.partnerPatientId(), l.partnerAssigningAuthority())));
            file.forLocalPatient(localPatientId).stream()
                    .filter(f -> ids.stream().noneMatch(i -> i.homeCommunityId().equals(f.homeCommunityId())))
                    .forEach(ids::add);
            return ids;
        };
    }

    /** The manifest of a partner's study, from the outside-studies search of the local patient. */
    private java.util.Optional<String[]> findManifest(String localPatientId, String homeCommunityId, String studyUid) {
        return initiating.outsideStudies().forLocalPatient(localPatientId).studies().stream()
                .filter(s -> homeCommunityId.equals(s.homeCommunityId()) && studyUid.equals(s.studyInstanceUid()))
                .findFirst().map(s -> new String[] {s.manifestUniqueId(), s.repositoryUniqueId()});
    }

    private void scanPacs() {
        try {
            pacsIndexer.scan();
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "PACS index scan failed: " + e);
        }
    }

    private void publishDue() {
        try {
            publisher.publishDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "manifest publishing pass failed: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (storeScp != null) {
            storeScp.close();
        }
        if (importRunner != null) {
            importRunner.close();
        }
        if (initiating != null) {
            initiating.close();
        }
        if (xua != null) {
            xua.close();
        }
        if (tlsAudit != null) { // before the audit closes: the last refusals still get their alerts
            tlsAudit.close();
        }
        if (audit != null) { // ATNA audit (issue 3): flush pending records, Application Stop
            AuditHooks.uninstall(audit);
            audit.close();
        }
        if (database != null) {
            database.close();
        }
        started = false;
    }

    public boolean isStarted() { return started; }
    public GatewaySettings settings() { return settings; }
    public Database database() { return database; }
    public AuditService audit() { return audit; }
    public Pacs pacs() { return pacs; }
    public IngestService ingest() { return ingest; }
    public UploadService uploads() { return uploads; }
    public RegistryService registry() { return registry; }
    public RepositoryService repository() { return repository; }
    public ImagingDocumentSource imagingSource() { return imagingSource; }
    /** The community's actors the XCA sides use: embedded or external ({@link ExternalActors}). */
    public LocalCommunity community() { return community; }
    public ManifestPublisher publisher() { return publisher; }
    public StoreScp storeScp() { return storeScp; }
    public XuaSecurity xua() { return xua; }
    public PatientCrossReference crossReference() { return crossReference; }
    public PartnerDirectory partnerDirectory() { return partnerDirectory; }
    public InitiatingGateway initiating() { return initiating; }
    public ImportService imports() { return imports; }
    public ImportRunner importRunner() { return importRunner; }
}
