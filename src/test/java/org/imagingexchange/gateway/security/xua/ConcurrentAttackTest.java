// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * CATALOGUE section 0, item 3: "a concurrent valid request issued during the attack still
 * succeeds". Valid requests of three partners and hostile ones (wrapping, tampering, untrusted
 * key, wrong TLS client, no header, expired timestamp, XXE, entity bomb, deep nesting) are
 * released at the same moment on 16 threads.
 */
class ConcurrentAttackTest {

    private record Send(String name, byte[] body, X509Certificate tls, boolean valid) {}

    @Test
    @DisplayName("a valid request still succeeds while hostile ones are sent at the same time")
    void validRequestsSucceedDuringAttack() throws Exception {
        List<Send> sends = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sends.add(new Send("valid A " + i, ValidatorHarness.validA().bytes(), XuaFixture.tlsA(), true));
            sends.add(new Send("valid B " + i, TestEnvelope.of(XuaFixture.assertionB().build()).bytes(),
                    XuaFixture.TLS_B.certificate(), true));
            sends.add(new Send("valid C " + i, TestEnvelope.of(XuaFixture.assertionC().build()).bytes(), null, true));
        }
        String bomb = billionLaughs();
        for (int i = 0; i < 4; i++) {
            TestEnvelope xsw = ValidatorHarness.validA();
            xsw.security().insertBefore(Mutate.evilCopy(xsw.assertion(), "_evil"), xsw.assertion());
            sends.add(new Send("XSW3", xsw.bytes(), XuaFixture.tlsA(), false));
            TestEnvelope tampered = ValidatorHarness.validA();
            Mutate.setText(Mutate.descendant(tampered.assertion(), WssNames.SAML2, "NameID"), "mallory@evil.example");
            sends.add(new Send("tampered", tampered.bytes(), XuaFixture.tlsA(), false));
            AssertionSpec attacker = XuaFixture.assertionA();
            attacker.signer = XuaFixture.ATTACKER;
            sends.add(new Send("untrusted key", TestEnvelope.of(attacker.build()).bytes(), XuaFixture.tlsA(), false));
            sends.add(new Send("wrong TLS client", ValidatorHarness.validA().bytes(), XuaFixture.TLS_B.certificate(), false));
            TestEnvelope none = ValidatorHarness.validA();
            none.header().removeChild(none.security());
            sends.add(new Send("no header", none.bytes(), XuaFixture.tlsA(), false));
            String valid = ValidatorHarness.validA().text();
            sends.add(new Send("XXE", ("<!DOCTYPE s:Envelope [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                    + valid.replace("dr.house@hospital-a.example", "&x;")).getBytes(StandardCharsets.UTF_8), XuaFixture.tlsA(), false));
            sends.add(new Send("billion laughs", (bomb + valid.replace("dr.house@hospital-a.example", "&lol9;"))
                    .getBytes(StandardCharsets.UTF_8), XuaFixture.tlsA(), false));
            sends.add(new Send("deep nesting", valid.replace("<wsu:Timestamp ", "<d>".repeat(5000) + "</d>".repeat(5000)
                    + "<wsu:Timestamp ").getBytes(StandardCharsets.UTF_8), XuaFixture.tlsA(), false));
            Element expired = XuaFixture.assertionA().build();
            java.time.Instant now = java.time.Instant.now();
            sends.add(new Send("expired timestamp", TestEnvelope.of(expired, "urn:uuid:" + java.util.UUID.randomUUID(),
                    now.minusSeconds(900), now.minusSeconds(600), XuaFixture.PATIENT).bytes(), XuaFixture.tlsA(), false));
        }
        java.util.Collections.shuffle(sends, new java.util.Random(42));

        try (EndpointHarness gw = new EndpointHarness()) {
            int before = gw.stub.calls.get();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<EndpointHarness.Answer>> answers = new ArrayList<>();
            try {
                for (Send s : sends) {
                    answers.add(pool.submit(() -> {
                        assertTrue(go.await(60, TimeUnit.SECONDS), "start signal");
                        return gw.post(EndpointHarness.PROTECTED, s.body(), s.tls());
                    }));
                }
                go.countDown();
                int valid = 0;
                for (int i = 0; i < sends.size(); i++) {
                    Send s = sends.get(i);
                    EndpointHarness.Answer a = answers.get(i).get(180, TimeUnit.SECONDS);
                    if (s.valid()) {
                        valid++;
                        assertEquals(200, a.status(), s.name() + ": " + a.body());
                        assertTrue(a.body().contains("ResponseStatusType:Success"), s.name());
                    } else {
                        assertTrue(a.status() == 400 || a.status() == 500, s.name() + " refused: " + a.body());
                        assertTrue(a.body().contains("Fault") && !a.body().contains("root:"), s.name() + ": " + a.body());
                    }
                }
                assertEquals(before + valid, gw.stub.calls.get(), "exactly the valid requests reached the service");
                assertTrue(gw.stub.principals.stream().noneMatch(p -> p.nameId().contains("mallory")));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static String billionLaughs() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE s:Envelope [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        return dtd.append("]>").toString();
    }
}
