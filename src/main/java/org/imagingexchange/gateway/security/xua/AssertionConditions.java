// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.imagingexchange.gateway.community.Partner;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnContext;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.w3c.dom.Element;

/**
 * Time, audience and authentication rules of ITI TF-2 3.40.4.1.2 and SAML core 2.5: IssueInstant
 * not in the future; Conditions with NotOnOrAfter (NotBefore checked if present); only the
 * conditions we understand (AudienceRestriction, OneTimeUse, ProxyRestriction: an unknown one
 * is "indeterminate", which is not valid); every AudienceRestriction names one of the audiences
 * the partner must address; an AuthnStatement with an AuthnContext class or declaration. All
 * times tolerate the configured clock skew and nothing more.
 */
final class AssertionConditions {
    private AssertionConditions() {}

    /** Checks time and conditions; returns whether the assertion carries OneTimeUse. */
    static boolean check(Assertion a, Partner partner, Instant now, Duration skew) throws XuaRejection {
        Instant issued = a.getIssueInstant();
        if (issued == null) {
            throw new XuaRejection(XuaFailure.MALFORMED_ASSERTION, "no IssueInstant");
        }
        if (issued.isAfter(now.plus(skew))) {
            throw new XuaRejection(XuaFailure.NOT_YET_VALID, "IssueInstant " + issued + " is in the future (now " + now + ")");
        }
        Conditions c = a.getConditions();
        if (c == null) {
            throw new XuaRejection(XuaFailure.CONDITIONS, "no Conditions (ITI40-013)");
        }
        Instant notOnOrAfter = c.getNotOnOrAfter();
        if (notOnOrAfter == null) {
            throw new XuaRejection(XuaFailure.CONDITIONS, "Conditions without NotOnOrAfter");
        }
        if (!now.isBefore(notOnOrAfter.plus(skew))) {
            throw new XuaRejection(XuaFailure.EXPIRED, "Conditions/@NotOnOrAfter " + notOnOrAfter + " has passed (now " + now + ")");
        }
        Instant notBefore = c.getNotBefore();
        if (notBefore != null && notBefore.isAfter(now.plus(skew))) {
            throw new XuaRejection(XuaFailure.NOT_YET_VALID, "Conditions/@NotBefore " + notBefore + " is in the future (now " + now + ")");
        }
        if (notBefore != null && !notBefore.isBefore(notOnOrAfter)) {
            throw new XuaRejection(XuaFailure.CONDITIONS, "Conditions/@NotBefore is not before NotOnOrAfter");
        }
        boolean oneTimeUse = knownConditionsOnly(c);
        audiences(c, partner);
        authn(a, now, skew);
        return oneTimeUse;
    }

    private static boolean knownConditionsOnly(Conditions c) throws XuaRejection {
        int oneTimeUse = 0;
        int proxy = 0;
        for (Element e : Dom.children(c.getDOM())) {
            if (Dom.is(e, WssNames.SAML2, "OneTimeUse")) {
                oneTimeUse++;
            } else if (Dom.is(e, WssNames.SAML2, "ProxyRestriction")) {
                proxy++;
            } else if (!Dom.is(e, WssNames.SAML2, "AudienceRestriction")) {
                throw new XuaRejection(XuaFailure.CONDITIONS, "condition " + Dom.name(e)
                        + (e.hasAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "type")
                        ? " of type " + e.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "type") : "")
                        + " is not understood");
            }
        }
        if (oneTimeUse > 1 || proxy > 1) {
            throw new XuaRejection(XuaFailure.CONDITIONS, "OneTimeUse or ProxyRestriction more than once");
        }
        return oneTimeUse == 1;
    }

    private static void audiences(Conditions c, Partner partner) throws XuaRejection {
        List<AudienceRestriction> restrictions = c.getAudienceRestrictions();
        if (restrictions.isEmpty()) {
            throw new XuaRejection(XuaFailure.AUDIENCE, "no AudienceRestriction (ITI40-014)");
        }
        for (AudienceRestriction r : restrictions) {
            boolean ours = false;
            for (Audience audience : r.getAudiences()) {
                String uri = Dom.simpleText(audience.getDOM());
                ours |= uri != null && partner.audiences().contains(uri);
            }
            if (!ours) {
                throw new XuaRejection(XuaFailure.AUDIENCE, "an AudienceRestriction names "
                        + r.getAudiences().stream().map(Audience::getURI).toList() + ", none of "
                        + partner.audiences() + " accepted for partner '" + partner.name() + "'");
            }
        }
    }

    private static void authn(Assertion a, Instant now, Duration skew) throws XuaRejection {
        if (a.getAuthnStatements().isEmpty()) {
            throw new XuaRejection(XuaFailure.AUTHN_STATEMENT, "no AuthnStatement (ITI40-009)");
        }
        for (AuthnStatement s : a.getAuthnStatements()) {
            AuthnContext ctx = s.getAuthnContext();
            boolean classOrDecl = ctx != null && ((ctx.getAuthnContextClassRef() != null
                    && notBlank(ctx.getAuthnContextClassRef().getURI()))
                    || (ctx.getAuthnContextDeclRef() != null && notBlank(ctx.getAuthnContextDeclRef().getURI())));
            if (!classOrDecl) {
                throw new XuaRejection(XuaFailure.AUTHN_STATEMENT, "AuthnStatement without AuthnContextClassRef or DeclRef");
            }
            if (s.getAuthnInstant() == null || s.getAuthnInstant().isAfter(now.plus(skew))) {
                throw new XuaRejection(XuaFailure.AUTHN_STATEMENT, "AuthnInstant missing or in the future");
            }
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
