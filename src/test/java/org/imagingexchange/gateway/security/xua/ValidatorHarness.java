// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.cert.X509Certificate;

/** Runs the validator on an envelope the way the interceptor does: from its bytes, as parsed. */
abstract class ValidatorHarness {
    final InMemoryReplayCache replay = new InMemoryReplayCache();
    final AssertionValidator validator = XuaFixture.validator(replay);

    XuaPrincipal accept(TestEnvelope envelope, X509Certificate tls) throws XuaRejection {
        TestEnvelope e = envelope.reparsed();
        return validator.validate(new XuaRequest(e.security(), e.messageId, tls, null, XuaFixture.OUR_URL));
    }

    XuaRejection reject(TestEnvelope envelope, X509Certificate tls) {
        return assertThrows(XuaRejection.class, () -> accept(envelope, tls));
    }

    XuaRejection assertRejected(XuaFailure expected, TestEnvelope envelope, X509Certificate tls) {
        XuaRejection r = reject(envelope, tls);
        assertEquals(expected, r.failure(), "rejected, but for another reason: " + r.detail());
        return r;
    }

    /** The baseline of partner A, over mutual TLS: must be accepted. */
    static TestEnvelope validA() {
        return TestEnvelope.of(XuaFixture.assertionA().build());
    }
}
