// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.w3c.dom.Element;

/**
 * The wsu:Timestamp of the security header (WSS core section 10): exactly one Created, at most
 * one Expires, both xs:dateTime with a time zone. It bounds how long a MessageID must be
 * remembered: a message is fresh for {@code maxAge} after Created (or until Expires, if sooner).
 */
record WsuTimestamp(Instant created, Instant expires) {

    static WsuTimestamp read(Element ts) throws XuaRejection {
        Instant created = null;
        Instant expires = null;
        for (Element c : Dom.children(ts)) {
            if (Dom.is(c, WssNames.WSU, "Created") && created == null) {
                created = instant(c, "Created");
            } else if (Dom.is(c, WssNames.WSU, "Expires") && expires == null) {
                expires = instant(c, "Expires");
            } else {
                throw new XuaRejection(XuaFailure.TIMESTAMP, "unexpected or repeated " + Dom.name(c)
                        + " in wsu:Timestamp");
            }
        }
        if (created == null) {
            throw new XuaRejection(XuaFailure.TIMESTAMP, "wsu:Timestamp without wsu:Created");
        }
        return new WsuTimestamp(created, expires);
    }

    private static Instant instant(Element e, String what) throws XuaRejection {
        String text = Dom.simpleText(e);
        try {
            return OffsetDateTime.parse(text == null ? "" : text).toInstant();
        } catch (DateTimeParseException ex) {
            throw new XuaRejection(XuaFailure.TIMESTAMP, "wsu:" + what + " is not an xs:dateTime with time zone");
        }
    }

    /** Checks freshness at {@code now}; returns until when the message's MessageID must be remembered. */
    Instant check(Instant now, Duration skew, Duration maxAge) throws XuaRejection {
        if (created.isAfter(now.plus(skew))) {
            throw new XuaRejection(XuaFailure.TIMESTAMP, "wsu:Created " + created + " is in the future (now " + now + ")");
        }
        if (expires != null && !expires.isAfter(created)) {
            throw new XuaRejection(XuaFailure.TIMESTAMP, "wsu:Expires " + expires + " is not after wsu:Created " + created);
        }
        if (expires != null && !now.isBefore(expires.plus(skew))) {
            throw new XuaRejection(XuaFailure.TIMESTAMP_EXPIRED, "wsu:Expires " + expires + " has passed (now " + now + ")");
        }
        Instant freshUntil = created.plus(maxAge);
        if (!now.isBefore(freshUntil.plus(skew))) {
            throw new XuaRejection(XuaFailure.TIMESTAMP_EXPIRED, "wsu:Created " + created + " is older than "
                    + maxAge.toSeconds() + " s (now " + now + ")");
        }
        Instant until = expires != null && expires.isBefore(freshUntil) ? expires : freshUntil;
        return until.plus(skew);
    }
}
