// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

/**
 * A request refused by XUA validation or access policy ("explainable rejection"): the failure
 * class decides the fault the caller gets; {@link #detail()} is the exact reason for the log and
 * the audit record only. What is known of the claimed identity (issuer, partner, assertion ID,
 * subject) is carried for the audit record; it is unverified unless the failure came after the
 * signature check.
 */
public final class XuaRejection extends Exception {
    private final XuaFailure failure;
    private final String detail;
    private final Claimed claimed;

    /** What the assertion claimed, as far as validation got; any field may be null. */
    public record Claimed(String issuer, String partner, String assertionId, String subject) {
        static final Claimed NOTHING = new Claimed(null, null, null, null);
    }

    public XuaRejection(XuaFailure failure, String detail) {
        this(failure, detail, Claimed.NOTHING);
    }

    public XuaRejection(XuaFailure failure, String detail, Claimed claimed) {
        super(failure.code() + " " + failure + ": " + detail, null, false, false);
        this.failure = failure;
        this.detail = detail;
        this.claimed = claimed == null ? Claimed.NOTHING : claimed;
    }

    public XuaFailure failure() {
        return failure;
    }

    public String detail() {
        return detail;
    }

    public Claimed claimed() {
        return claimed;
    }

    XuaRejection with(Claimed c) {
        return new XuaRejection(failure, detail, c);
    }
}
