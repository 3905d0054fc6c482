// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import jakarta.persistence.EntityManager;
import java.util.Objects;
import java.util.function.Consumer;
import org.imagingexchange.gateway.persistence.Database;
import org.openehealth.ipf.commons.ihe.xds.core.requests.QueryRegistry;
import org.openehealth.ipf.commons.ihe.xds.core.requests.RegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;

/**
 * The embedded XDS Document Registry: ITI-42 Register Document Set-b and ITI-18 Registry Stored
 * Query over IPF's XDS model. No SOAP types: endpoints convert ebXML to the model with IPF's
 * transformers and call this. Business errors come back as a Failure response with the IHE error
 * code; the methods do not throw for them.
 *
 * <pre>
 * RegistryService registry = new RegistryService(db,
 *         new RegistrySettings("urn:oid:1.2.3.4", 1000), pid -&gt; true);
 * Response r = registry.register(registerDocumentSet);            // ITI-42
 * QueryResponse q = registry.query(new QueryRegistry(findDocuments, QueryReturnType.LEAF_CLASS)); // ITI-18
 * </pre>
 */
public final class RegistryService {
    private final RegistrySettings settings;
    private final Registration registration;
    private final QueryHandler queries;

    public RegistryService(Database db, RegistrySettings settings, PatientIdentityCheck patients) {
        Objects.requireNonNull(db, "db");
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(patients, "patients");
        RegistryRows rows = new RegistryRows();
        this.registration = new Registration(db, settings, patients, rows);
        this.queries = new QueryHandler(db, settings, patients, rows);
    }

    public RegistrySettings settings() {
        return settings;
    }

    /**
     * ITI-42: validates and registers a submission; all objects become Approved, RPLC / XFRM_RPLC
     * targets Deprecated, in one transaction. Symbolic ids in {@code request} are replaced in place
     * by the assigned {@code urn:uuid:} entryUUIDs, so the caller can read them back; ids that are
     * already UUIDs are kept.
     */
    public Response register(RegisterDocumentSet request) {
        return registration.register(request, em -> { });
    }

    /**
     * ITI-42 for a co-located repository (ITI-41): as {@link #register(RegisterDocumentSet)}, and
     * runs {@code sameTransaction} in the registry's transaction after the registry rows are
     * written, so the repository's own rows commit or roll back with them. An exception thrown by
     * {@code sameTransaction} fails the registration.
     */
    public Response register(RegisterDocumentSet request, Consumer<EntityManager> sameTransaction) {
        return registration.register(request, Objects.requireNonNull(sameTransaction, "sameTransaction"));
    }

    /** ITI-18: runs a stored query; ObjectRef or LeafClass as {@code request.getReturnType()} says. */
    public QueryResponse query(QueryRegistry request) {
        return queries.query(request);
    }
}
