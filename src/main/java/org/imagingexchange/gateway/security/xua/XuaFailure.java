// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

/**
 * Why an XUA check failed, with the stable log code and the WS-Security 1.1 fault subcode
 * (WSS core section 12; ITI TF-2 3.40.4.2: XUA failures use the WS-Security fault mechanism)
 * the caller sees. The exact reason travels in {@link XuaRejection#detail()}, never to the caller.
 */
public enum XuaFailure {
    NO_SECURITY_HEADER("XUA-001", "InvalidSecurity"),
    SECURITY_HEADER("XUA-002", "InvalidSecurity"),
    TIMESTAMP("XUA-003", "InvalidSecurity"),
    TIMESTAMP_EXPIRED("XUA-004", "MessageExpired"),
    MESSAGE_ID("XUA-005", "InvalidSecurity"),
    UNSUPPORTED_TOKEN("XUA-006", "UnsupportedSecurityToken"),
    ASSERTION_COUNT("XUA-007", "InvalidSecurity"),
    DUPLICATE_ID("XUA-008", "InvalidSecurity"),
    MALFORMED_ASSERTION("XUA-009", "InvalidSecurity"),
    UNSIGNED("XUA-010", "InvalidSecurity"),
    SIGNATURE_PROFILE("XUA-011", "InvalidSecurity"),
    UNSUPPORTED_ALGORITHM("XUA-012", "UnsupportedAlgorithm"),
    SIGNATURE_INVALID("XUA-013", "FailedCheck"),
    UNKNOWN_ISSUER("XUA-014", "FailedAuthentication"),
    UNTRUSTED_KEY("XUA-015", "FailedAuthentication"),
    SIGNING_CERTIFICATE("XUA-016", "FailedAuthentication"),
    NOT_YET_VALID("XUA-017", "InvalidSecurity"),
    EXPIRED("XUA-018", "InvalidSecurity"),
    CONDITIONS("XUA-019", "InvalidSecurity"),
    AUDIENCE("XUA-020", "InvalidSecurity"),
    SUBJECT("XUA-021", "InvalidSecurity"),
    SUBJECT_CONFIRMATION("XUA-022", "InvalidSecurity"),
    AUTHN_STATEMENT("XUA-023", "InvalidSecurity"),
    ATTRIBUTES("XUA-024", "InvalidSecurity"),
    TLS_IDENTITY("XUA-025", "FailedAuthentication"),
    REPLAY("XUA-026", "InvalidSecurity"),
    ACCESS_DENIED("XUA-027", "FailedAuthentication"),
    INTERNAL("XUA-028", null);

    private final String code;
    private final String subcode;

    XuaFailure(String code, String subcode) {
        this.code = code;
        this.subcode = subcode;
    }

    /** Stable code for logs and audit records. */
    public String code() {
        return code;
    }

    /** Local name of the wsse fault subcode, or null for a Receiver fault (our side failed). */
    public String faultSubcode() {
        return subcode;
    }
}
