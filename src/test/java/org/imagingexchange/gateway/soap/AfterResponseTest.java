// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.soap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Closeable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AfterResponseTest {
    @Test
    void whatARequestStreamedFromIsClosedOnceAtItsEndAndNothingIsKeptOutsideOne() {
        AtomicInteger closed = new AtomicInteger();
        Closeable partner = closed::incrementAndGet;
        AfterResponse.close(partner); // no request: the caller closes it itself
        AfterResponse.begin();
        AfterResponse.close(partner);
        AfterResponse.close(partner);
        assertEquals(0, closed.get());
        AfterResponse.end();
        assertEquals(1, closed.get());
        AfterResponse.end();
        assertEquals(1, closed.get());
    }
}
