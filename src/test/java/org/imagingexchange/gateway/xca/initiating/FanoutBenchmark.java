// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.initiating;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openehealth.ipf.commons.ihe.xds.core.responses.QueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

/**
 * bench/fanout-benchmark: the initiating side's ITI-18 fan-out to N stub Responding Gateways
 * (mutual TLS, a signed assertion per call), each answering after the same delay, next to the
 * same query to one of them measured in the same run. The ratio is what the fan-out costs over
 * a single partner; the target is 1.15 or less. Fails only when an answer is wrong.
 *
 * <p>Usage: {@code FanoutBenchmark [PARTNERS [DELAY_MS [ROUNDS]]]} (10, 300, 10).
 */
public final class FanoutBenchmark {
    private FanoutBenchmark() {}

    public static void main(String[] args) throws Exception {
        int partners = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Duration delay = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 300);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String[] communities = {"gw-b", "gw-c", "gw-d"};
        List<StubPartner> stubs = new ArrayList<>();
        try (Rig fanOut = new Rig(); Rig single = new Rig()) {
            for (int i = 0; i < partners; i++) {
                // each stub is its own community with its own lab node certificate (pinned per partner)
                String hcid = "urn:oid:1.3.6.1.4.1.21367.2026.9" + i + ".1";
                String community = i < communities.length ? communities[i] : "fanout-" + i;
                FederationPki.get().tlsIdentity(community);
                StubPartner s = StubPartner.of(community, hcid);
                s.delay = delay;
                // the answer body is made once per patient and reused: a real partner's CPU is not on this
                // machine, so the stubs should cost as little of the two cores as they can
                Map<String, String> answers = new ConcurrentHashMap<>();
                s.queryAnswer = env -> {
                    String[] patient = StubResponses.patientOf(env);
                    return answers.computeIfAbsent(patient == null ? "" : String.join("|", patient),
                            k -> FanOutTest.answerFor(env, s.homeCommunityId, s.repositoryUniqueId, 1));
                };
                stubs.add(s);
                fanOut.partner(s, "partner-" + i, Duration.ofSeconds(10)).link("P", hcid, "X-" + i, "1.2.3." + i);
                if (i == 0) {
                    single.partner(s, "partner-0", Duration.ofSeconds(10)).link("P", hcid, "X-0", "1.2.3.0");
                }
            }
            fanOut.start();
            single.start();
            run(single, 1);
            run(fanOut, partners); // warm-up: TLS sessions, JIT
            long[] one = new long[rounds];
            long[] all = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                one[r] = run(single, 1);
                all[r] = run(fanOut, partners);
                System.out.printf("round %2d: one partner %4d ms | %d partners %4d ms | ratio %.2f%n", r + 1, one[r],
                        partners, all[r], (double) all[r] / one[r]);
            }
            long m1 = median(one);
            long mn = median(all);
            double ratio = (double) mn / m1;
            System.out.printf("==== summary ====%nITI-18 fan-out to %d partners (each delaying %d ms): %d ms (median of %d)"
                            + ", one partner %d ms, ratio %.2f; target <= 1.15: %s%n", partners, delay.toMillis(), mn,
                    rounds, m1, ratio, ratio <= 1.15 ? "met" : "NOT met");
        } finally {
            stubs.forEach(StubPartner::close);
        }
    }

    /** One FindDocuments through the fan-out; checks every partner answered. */
    private static long run(Rig rig, int partners) {
        long t0 = System.nanoTime();
        QueryResponse r = rig.query.query(FanOutTest.findDocuments("P"), Requester.SYSTEM).response();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (r.getStatus() != Status.SUCCESS || r.getDocumentEntries().size() != partners) {
            throw new IllegalStateException("wrong answer: " + r.getStatus() + " " + r.getDocumentEntries().size()
                    + " entries " + r.getErrors());
        }
        return millis;
    }

    private static long median(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
