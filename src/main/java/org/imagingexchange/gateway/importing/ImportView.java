// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An import job as the API shows it: source, reconciliation, per-instance progress counts and,
 * for one job, the files that failed with their reasons.
 */
public record ImportView(String id, String state, String sourceKind, String homeCommunityId, String studyInstanceUid,
                         String manifestUniqueId, String mediaName, String requestedPatientId, String localPatientId,
                         String matchMethod, Double matchScore, String reviewReason, boolean reidentify,
                         Map<String, Long> progress, String error, int attempts, Instant nextAttemptAt,
                         Instant createdAt, Instant updatedAt, Instant finishedAt, String node,
                         List<Problem> problems) {

    /** A file that did not make it, and why. */
    public record Problem(String file, String sopInstanceUid, String reason) {}

    static ImportView of(ImportJobEntity j, Map<InstanceState, Long> counts, List<Problem> problems) {
        Map<String, Long> progress = new LinkedHashMap<>();
        long total = 0;
        for (InstanceState s : InstanceState.values()) {
            long n = counts.getOrDefault(s, 0L);
            total += n;
            progress.put(s.name().toLowerCase(java.util.Locale.ROOT), n);
        }
        // "received" counts every instance that got at least that far, and so on down the line
        long verified = progress.get("verified");
        long stored = progress.get("stored") + verified;
        long coerced = progress.get("coerced") + stored;
        long received = progress.get("received") + coerced;
        Map<String, Long> shown = new LinkedHashMap<>();
        shown.put("total", total);
        shown.put("received", received);
        shown.put("coerced", coerced);
        shown.put("stored", stored);
        shown.put("verified", verified);
        shown.put("failed", progress.get("failed"));
        return new ImportView(j.getId(), j.getState().label(), j.getSourceKind().name().toLowerCase(java.util.Locale.ROOT),
                j.getHomeCommunityId(), j.getStudyUid(), j.getManifestUid(), j.getMediaName(),
                j.getRequestedPatientId(), j.getTargetPatientId(), j.getMatchMethod(), j.getMatchScore(),
                j.getReviewReason(), j.isReidentify(), shown, j.getError(), j.getAttempts(), j.getNextAttemptAt(),
                j.getCreatedAt(), j.getUpdatedAt(), j.getFinishedAt(), j.getOwner(), List.copyOf(problems));
    }

    /** The JSON object of the REST API (nulls left out). */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("state", state);
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("kind", sourceKind);
        putIf(source, "homeCommunityId", homeCommunityId);
        putIf(source, "studyInstanceUid", studyInstanceUid);
        putIf(source, "manifestUniqueId", manifestUniqueId);
        putIf(source, "mediaName", mediaName);
        m.put("source", source);
        putIf(m, "requestedPatientId", requestedPatientId);
        putIf(m, "localPatientId", localPatientId);
        Map<String, Object> rec = new LinkedHashMap<>();
        putIf(rec, "method", matchMethod);
        putIf(rec, "score", matchScore);
        putIf(rec, "reviewReason", reviewReason);
        m.put("reconciliation", rec);
        m.put("reidentify", reidentify);
        m.put("progress", progress);
        putIf(m, "error", error);
        m.put("attempts", attempts);
        putIf(m, "nextAttemptAt", nextAttemptAt == null ? null : nextAttemptAt.toString());
        m.put("createdAt", createdAt.toString());
        m.put("updatedAt", updatedAt.toString());
        putIf(m, "finishedAt", finishedAt == null ? null : finishedAt.toString());
        putIf(m, "node", node); // the gateway node working on it now
        if (!problems.isEmpty()) {
            m.put("problems", problems.stream().map(p -> {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("file", p.file());
                putIf(pm, "sopInstanceUid", p.sopInstanceUid());
                putIf(pm, "reason", p.reason());
                return pm;
            }).toList());
        }
        return m;
    }

    private static void putIf(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
