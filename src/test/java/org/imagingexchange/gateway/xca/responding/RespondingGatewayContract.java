// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.imagingexchange.gateway.dicom.DicomFiles;
import org.imagingexchange.gateway.dicom.DicomLimits;
import org.imagingexchange.gateway.dicom.InstanceHeader;
import org.imagingexchange.gateway.ingest.IngestService;
import org.imagingexchange.gateway.pacs.EmbeddedStore;
import org.imagingexchange.gateway.testing.TestPaths;
import org.imagingexchange.gateway.xca.crossref.PatientCrossReference;
import org.imagingexchange.gateway.xds.community.EmbeddedActors;
import org.imagingexchange.gateway.xds.imaging.ImagingDocumentSource;
import org.imagingexchange.gateway.xds.imaging.TranscodingSpool;
import org.imagingexchange.gateway.xds.registry.RegistryService;
import org.imagingexchange.gateway.xds.registry.RegistrySettings;
import org.imagingexchange.gateway.xds.registry.TestDatabases;
import org.imagingexchange.gateway.xds.registry.XdsSamples;
import org.imagingexchange.gateway.xds.repository.RepositoryService;
import org.imagingexchange.gateway.xds.repository.RepositorySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * The responding-gateway services over the real local actors on a real database (H2 or
 * PostgreSQL, by subclass): the embedded registry and repository with KOS submissions of
 * patients in the local authority ({@link XdsSamples#AFFINITY_DOMAIN}), the Imaging Document
 * Source over an embedded store holding the NIST IIG-DEPT1011 study, and the cross-reference.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RespondingGatewayContract {
    static final String HOME = XdsSamples.HOME;
    static final String LOCAL_AUTHORITY = XdsSamples.AFFINITY_DOMAIN;
    static final String PARTNER_B = "urn:oid:1.3.6.1.4.1.21367.2026.3.1";
    static final String PARTNER_C = "urn:oid:1.3.6.1.4.1.21367.2026.4.1";
    static final String B_AUTHORITY = "1.3.6.1.4.1.21367.2026.3.3";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";

    TestDatabases.Handle database;
    RegistryService registry;
    RepositoryService repository;
    PatientCrossReference xref;
    ImagingDocumentSource imaging;

    /** The embedded actors, as the responding side sees them. */
    EmbeddedActors community() {
        return new EmbeddedActors(HOME, registry, repository, imaging);
    }
    /** The instances of the NIST Alpha study, as ingested. */
    List<InstanceHeader> alpha;

    abstract TestDatabases.Handle openDatabase();

    @BeforeAll
    void open() throws Exception {
        database = openDatabase();
        registry = new RegistryService(database.db(), new RegistrySettings(HOME, 100), XdsSamples.knowsAllButUnknown());
        repository = new RepositoryService(database.db(), registry,
                new RepositorySettings(XdsSamples.REPOSITORY, database.dir().resolve("repository"), 4L << 20));
        xref = new PatientCrossReference(database.db(), LOCAL_AUTHORITY, HOME, Clock.systemUTC());
        EmbeddedStore store = new EmbeddedStore(database.dir().resolve("dicom"));
        IngestService ingest = new IngestService(database.db(), store, LOCAL_AUTHORITY, Clock.systemUTC());
        try (Stream<Path> files = Files.list(TestPaths.nistAlphaDir())) {
            alpha = files.filter(p -> p.toString().endsWith(".explicitLE.dcm")).sorted().map(p -> {
                try {
                    InstanceHeader h = DicomFiles.readHeader(p, DicomLimits.defaults());
                    ingest.ingest(p, h);
                    return h;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
        TranscodingSpool spool = new TranscodingSpool(database.dir().resolve("spool"), DicomLimits.defaults(),
                store::file);
        imaging = new ImagingDocumentSource(database.db(), store, spool, XdsSamples.REPOSITORY, HOME);
    }

    @AfterAll
    void close() {
        if (database != null) {
            database.close();
        }
    }

    /** A KOS of a new local patient provided and registered; returns the request (with the assigned ids). */
    ProvideAndRegisterDocumentSet provideKos(Identifiable patient, byte[] content) {
        ProvideAndRegisterDocumentSet pnr = XdsSamples.kosProvideAndRegister(patient, XdsSamples.newUid(),
                XdsSamples.newUid(), bytes(content));
        assertEquals(Status.SUCCESS, repository.provideAndRegister(pnr).getStatus());
        return pnr;
    }

    static DataHandler bytes(byte[] content) {
        return new DataHandler(new DataSource() {
            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(content);
            }

            @Override
            public OutputStream getOutputStream() {
                throw new UnsupportedOperationException();
            }

            @Override
            public String getContentType() {
                return "application/dicom";
            }

            @Override
            public String getName() {
                return "kos";
            }
        });
    }
}
