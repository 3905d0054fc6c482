// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.persistence;

import java.util.List;

/**
 * Every JPA entity of the gateway, in one list, because Hibernate is bootstrapped without
 * classpath scanning (scanning a WAR inside Liberty is slow and fragile).
 * Add an entity here when you add its Flyway migration.
 */
final class Entities {
    static final List<Class<?>> ALL = List.of(
            org.imagingexchange.gateway.ingest.PatientEntity.class,
            org.imagingexchange.gateway.ingest.StudyEntity.class,
            org.imagingexchange.gateway.ingest.InstanceEntity.class,
            org.imagingexchange.gateway.xds.registry.RegistryObjectEntity.class,
            org.imagingexchange.gateway.xds.repository.RepositoryDocumentEntity.class,
            org.imagingexchange.gateway.audit.AuditRecordEntity.class,
            org.imagingexchange.gateway.xca.crossref.PatientXrefEntity.class,
            org.imagingexchange.gateway.importing.ImportJobEntity.class,
            org.imagingexchange.gateway.importing.ImportInstanceEntity.class);

    private Entities() {}
}
