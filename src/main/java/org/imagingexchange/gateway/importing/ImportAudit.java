// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.imagingexchange.gateway.audit.AuditService;
import org.imagingexchange.gateway.audit.ImportAuditEvent;

/** Records a finished import in the audit trail, with the local and the outside patient ids. */
final class ImportAudit {
    private final AuditService audit;
    private final String localIssuer;
    private final Clock clock;

    /** @param audit null when auditing is not running (tools, tests) */
    ImportAudit(AuditService audit, String localIssuer, Clock clock) {
        this.audit = audit;
        this.localIssuer = localIssuer;
        this.clock = clock;
    }

    void imported(ImportJobEntity job, List<ImportInstanceEntity> instances, Collection<String> studies,
                  boolean success) {
        if (audit == null) {
            return;
        }
        Set<String> originals = new LinkedHashSet<>();
        for (ImportInstanceEntity i : instances) {
            if (i.getOriginalPatientId() != null) {
                originals.add(cx(i.getOriginalPatientId(), i.getOriginalIssuer()));
            }
        }
        long verified = instances.stream().filter(i -> i.getState() == InstanceState.VERIFIED).count();
        String description = "import " + job.getId() + ": " + verified + " of " + instances.size() + " instances stored";
        audit.imported(new ImportAuditEvent(success, description, cx(job.getTargetPatientId(), localIssuer),
                List.copyOf(originals), List.copyOf(studies),
                job.getSourceKind() == ImportJobEntity.SourceKind.PARTNER ? job.getHomeCommunityId() : null,
                job.getMediaName(), clock.instant()));
    }

    /** HL7 CX: id^^^&authority&ISO when the authority is an OID, id^^^authority otherwise. */
    static String cx(String id, String authority) {
        if (authority == null || authority.isBlank()) {
            return id;
        }
        return authority.matches("[0-2](\\.[0-9]+)+") ? id + "^^^&" + authority + "&ISO" : id + "^^^" + authority;
    }
}
