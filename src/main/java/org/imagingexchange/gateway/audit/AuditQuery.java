// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A search over the audit table ({@code GET /api/audit}); every filter is optional.
 *
 * @param from       records at or after this time
 * @param to         records at or before this time
 * @param patient    a patient: a full CX ({@code id^^^&oid&ISO}) matches exactly, a bare id matches any issuer
 * @param partner    the partner community (homeCommunityId), exact
 * @param event      an EventID code ({@code 110112}), an EventTypeCode or transaction ({@code ITI-18},
 *                   {@code SECURITY-ALERT}) or a security alert type code ({@code 110126})
 * @param outcome    EventOutcomeIndicator to match (0, 4, 8, 12), or null
 * @param failures   true to match every outcome but success
 * @param limit      page size, 1 to {@value #MAX_LIMIT}
 * @param offset     records to skip
 * @param includeXml whether each record carries its AuditMessage XML
 */
public record AuditQuery(Instant from, Instant to, String patient, String partner, String event, Integer outcome,
                         boolean failures, int limit, int offset, boolean includeXml) {
    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 100;

    /** A parameter that cannot be understood; {@link #getMessage()} names it and says why. */
    public static final class InvalidParameterException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String parameter;

        InvalidParameterException(String parameter, String reason) {
            super(parameter + ": " + reason);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    /** Reads the query parameters of {@code GET /api/audit}; nulls and blanks mean "no filter". */
    public static AuditQuery parse(String from, String to, String patient, String partner, String event,
                                   String outcome, String limit, String offset, String include) {
        Instant f = time("from", from, false);
        Instant t = time("to", to, true);
        if (f != null && t != null && f.isAfter(t)) {
            throw new InvalidParameterException("from", "is after 'to'");
        }
        Integer outcomeCode = null;
        boolean failures = false;
        if (!blank(outcome)) {
            switch (outcome.trim().toLowerCase()) {
                case "success", "0" -> outcomeCode = 0;
                case "failure" -> failures = true;
                case "4", "8", "12" -> outcomeCode = Integer.parseInt(outcome.trim());
                default -> throw new InvalidParameterException("outcome", "expected success, failure, 0, 4, 8 or 12");
            }
        }
        int l = number("limit", limit, DEFAULT_LIMIT);
        if (l < 1 || l > MAX_LIMIT) {
            throw new InvalidParameterException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        int o = number("offset", offset, 0);
        if (o < 0) {
            throw new InvalidParameterException("offset", "must not be negative");
        }
        boolean xml = false;
        if (!blank(include)) {
            if (!"xml".equalsIgnoreCase(include.trim())) {
                throw new InvalidParameterException("include", "only 'xml' is supported");
            }
            xml = true;
        }
        return new AuditQuery(f, t, trimmed(patient), trimmed(partner), trimmed(event), outcomeCode, failures, l, o, xml);
    }

    /** An ISO-8601 instant ({@code 2026-03-01T10:00:00Z}), offset date-time, or date (whole day). */
    private static Instant time(String name, String value, boolean endOfDay) {
        if (blank(value)) {
            return null;
        }
        String v = value.trim();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            try {
                LocalDate d = LocalDate.parse(v);
                return endOfDay ? d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1)
                        : d.atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new InvalidParameterException(name, "expected an ISO-8601 date-time with offset "
                        + "(2026-03-01T10:00:00Z) or a date (2026-03-01)");
            }
        }
    }

    private static int number(String name, String value, int fallback) {
        if (blank(value)) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(name, "expected an integer");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String trimmed(String s) {
        return blank(s) ? null : s.trim();
    }
}
