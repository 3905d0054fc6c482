// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * What a SOAP answer streams from, closed once {@link SoapServlet} has finished the request. An
 * answer that passes a partner's documents on reads them from the partner's connection while it
 * is written; when our consumer goes away mid-answer, that connection is closed here and not
 * left open until the garbage collector finds it. Outside a SOAP request nothing is kept: the
 * caller closes its resources itself.
 */
public final class AfterResponse {
    private static final Logger LOG = Logger.getLogger(AfterResponse.class.getName());
    private static final ThreadLocal<List<Closeable>> OPEN = new ThreadLocal<>();

    private AfterResponse() {}

    /** Closes {@code resource} when the current SOAP request ends (once, however often it is given). */
    public static void close(Closeable resource) {
        List<Closeable> open = OPEN.get();
        if (open != null && open.stream().noneMatch(c -> c == resource)) {
            open.add(resource);
        }
    }

    static void begin() {
        OPEN.set(new ArrayList<>());
    }

    static void end() {
        List<Closeable> open = OPEN.get();
        OPEN.remove();
        if (open == null) {
            return;
        }
        for (Closeable c : open) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                LOG.fine(() -> "closing after the response: " + e);
            }
        }
    }
}
