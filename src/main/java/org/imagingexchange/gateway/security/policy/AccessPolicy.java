// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.policy;

import java.util.List;
import java.util.Optional;
import org.imagingexchange.gateway.community.CodeSet;
import org.imagingexchange.gateway.community.CodedValue;
import org.imagingexchange.gateway.community.Partner;
import org.imagingexchange.gateway.security.xua.XuaAuthorizer;
import org.imagingexchange.gateway.security.xua.XuaPrincipal;

/**
 * Who may do what, after the XUA assertion has been verified (issue 3, "Access policy"):
 * <ul>
 *   <li>the partner is enabled in the directory;</li>
 *   <li>the homeCommunityId attribute, if sent, is the partner's own (BIZ-10);</li>
 *   <li>at least one purpose of use and one role, each in the partner's allowed set (a value
 *       outside it denies: an unknown code system is not a lesser code);</li>
 *   <li>the resource-id (patient) of the assertion and the patient id of the request name the
 *       same patient when both are present (BIZ-08).</li>
 * </ul>
 * A denial's reason is for the log and the audit record; the caller gets a generic answer.
 */
public final class AccessPolicy implements XuaAuthorizer {

    @Override
    public Optional<String> deny(XuaPrincipal principal) {
        AccessDecision d = decide(principal);
        return d.allowed() ? Optional.empty() : Optional.of(d.reason());
    }

    @Override
    public Optional<String> denyPatient(XuaPrincipal principal, String patientId) {
        AccessDecision d = patient(principal, patientId);
        return d.allowed() ? Optional.empty() : Optional.of(d.reason());
    }

    /** The decision that does not depend on the request body. */
    public AccessDecision decide(XuaPrincipal principal) {
        Partner partner = principal.partner();
        if (!partner.enabled()) {
            return AccessDecision.deny("partner '" + partner.name() + "' is disabled");
        }
        if (principal.homeCommunityId() != null && !principal.homeCommunityId().equals(partner.homeCommunityId())) {
            return AccessDecision.deny("homeCommunityId attribute " + principal.homeCommunityId()
                    + " is not partner '" + partner.name() + "' (" + partner.homeCommunityId() + ")");
        }
        AccessDecision purposes = coded("purpose of use", principal.purposesOfUse(),
                partner.purposesOfUse(), partner);
        if (!purposes.allowed()) {
            return purposes;
        }
        return coded("role", principal.roles(), partner.roles(), partner);
    }

    /** The full decision, with the patient id of the request when it is known (else null). */
    public AccessDecision decide(XuaPrincipal principal, String requestPatientId) {
        AccessDecision first = decide(principal);
        return first.allowed() ? patient(principal, requestPatientId) : first;
    }

    /** Only the patient rule: resource-id and request patient id agree when both are present. */
    public AccessDecision patient(XuaPrincipal principal, String requestPatientId) {
        if (principal.resourceId() == null || requestPatientId == null) {
            return AccessDecision.allow();
        }
        PatientIdentifier authorized = PatientIdentifier.parse(principal.resourceId());
        PatientIdentifier requested = PatientIdentifier.parse(requestPatientId);
        if (authorized == null) {
            return AccessDecision.deny("resource-id '" + principal.resourceId() + "' is not a CX patient id");
        }
        if (!authorized.equals(requested)) {
            return AccessDecision.deny("request is for patient " + (requested == null ? "'" + requestPatientId + "'"
                    : requested) + " but the assertion's resource-id is " + authorized);
        }
        return AccessDecision.allow();
    }

    private static AccessDecision coded(String what, List<CodedValue> values, CodeSet allowed, Partner partner) {
        if (values.isEmpty()) {
            return allowed.anyValue() ? AccessDecision.allow()
                    : AccessDecision.deny("no " + what + " in the assertion (partner '" + partner.name() + "' allows "
                    + allowed + ")");
        }
        for (CodedValue v : values) {
            if (!allowed.allows(v)) {
                return AccessDecision.deny(what + " " + v + " is not allowed for partner '" + partner.name()
                        + "' (allowed: " + allowed + ")");
            }
        }
        return AccessDecision.allow();
    }
}
