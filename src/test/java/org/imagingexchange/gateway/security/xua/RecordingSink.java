// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link SecurityEventSink} that keeps every decision, standing in for the audit record in tests. */
final class RecordingSink implements SecurityEventSink {
    record Event(InboundRequest request, XuaPrincipal principal, XuaRejection rejection) {}

    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void accepted(InboundRequest request, XuaPrincipal principal) {
        events.add(new Event(request, principal, null));
    }

    @Override
    public void rejected(InboundRequest request, XuaRejection rejection) {
        events.add(new Event(request, null, rejection));
    }

    /** The decision recorded for this MessageID, or null. */
    Event forMessage(String messageId) {
        return events.stream().filter(e -> messageId.equals(e.request().messageId())).reduce((a, b) -> b).orElse(null);
    }
}
