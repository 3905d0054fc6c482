// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.util.List;
import org.openehealth.ipf.commons.audit.types.ActiveParticipantRoleId;
import org.openehealth.ipf.commons.ihe.core.atna.AuditDataset;

/**
 * An {@link AuditEvent} seen through IPF's {@link AuditDataset}, which IPF's IHE event builders
 * read to place the Source, Destination and Human Requestor participants the way ITI TF-2 3.20
 * wants them (source first; the local one carries our process id as AlternativeUserID).
 */
final class EventDataset extends AuditDataset {
    private static final long serialVersionUID = 1L;

    private final String sourceUserId;
    private final String destinationUserId;
    private final String localAddress;
    private final String remoteAddress;
    private final List<HumanUser> humanUsers;

    EventDataset(AuditEvent e, String eventOutcomeDescription) {
        super(e.served());
        this.sourceUserId = e.source().userId();
        this.destinationUserId = e.destination().userId();
        this.localAddress = e.served() ? e.destination().address() : e.source().address();
        this.remoteAddress = e.served() ? e.source().address() : e.destination().address();
        this.humanUsers = e.user() == null ? List.of() : List.of(humanUser(e.user()));
        setEventOutcomeDescription(eventOutcomeDescription);
    }

    private static HumanUser humanUser(AuditUser user) {
        List<ActiveParticipantRoleId> roles = user.roles().stream()
                .map(c -> ActiveParticipantRoleId.of(c.toCodedValue()))
                .toList();
        return new HumanUser(user.atnaUserName(), user.atnaUserName(), roles);
    }

    @Override
    public String getSourceUserId() {
        return sourceUserId;
    }

    @Override
    public String getDestinationUserId() {
        return destinationUserId;
    }

    @Override
    public String getLocalAddress() {
        return localAddress;
    }

    @Override
    public String getRemoteAddress() {
        return remoteAddress;
    }

    @Override
    public List<HumanUser> getHumanUsers() {
        return humanUsers;
    }
}
