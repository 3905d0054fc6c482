// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One partner community of the directory: who it is (homeCommunityId), how it proves it (TLS
 * client identities, SAML issuers with their signing keys), what its XUA assertions must say
 * (audience, confirmation methods, required XSPA attributes, allowed purposes of use and roles)
 * and how the initiating side calls it (endpoints, limits, outbound assertion mode).
 *
 * <pre>
 * Partner p = Partner.builder("hospital-b", "urn:oid:1.2.3")
 *         .samlIssuer(new SamlIssuer("https://idp.b.example", List.of(cert)))
 *         .audience("urn:oid:1.3.6.1.4.1.21367.2026.1.1")
 *         .purposesOfUse(CodeSet.of(CodedValue.of("TREATMENT", "2.16.840.1.113883.3.18.7.1")))
 *         .roles(CodeSet.any())
 *         .build();
 * </pre>
 */
public record Partner(
        String name,
        String homeCommunityId,
        boolean enabled,
        List<TlsIdentity> tlsIdentities,
        List<SamlIssuer> samlIssuers,
        List<String> audiences,
        Set<SubjectConfirmationMethod> subjectConfirmations,
        Set<XspaAttribute> requiredAttributes,
        CodeSet purposesOfUse,
        CodeSet roles,
        PartnerEndpoints endpoints,
        PartnerLimits limits,
        OutboundAssertionMode outboundAssertion) {

    public Partner {
        tlsIdentities = List.copyOf(tlsIdentities);
        samlIssuers = List.copyOf(samlIssuers);
        audiences = List.copyOf(audiences);
        subjectConfirmations = Set.copyOf(subjectConfirmations);
        requiredAttributes = Set.copyOf(requiredAttributes);
    }

    public static Builder builder(String name, String homeCommunityId) {
        return new Builder(name, homeCommunityId);
    }

    /** The issuer entry for this entity id, or null. */
    public SamlIssuer samlIssuer(String entityId) {
        return samlIssuers.stream().filter(i -> i.entityId().equals(entityId)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return name + " (" + homeCommunityId + ")";
    }

    /** Named setters for a {@link Partner}; defaults: enabled, bearer only, nothing required, no endpoints. */
    public static final class Builder {
        private final String name;
        private final String homeCommunityId;
        private boolean enabled = true;
        private final List<TlsIdentity> tls = new ArrayList<>();
        private final List<SamlIssuer> issuers = new ArrayList<>();
        private final List<String> audiences = new ArrayList<>();
        private final Set<SubjectConfirmationMethod> confirmations = EnumSet.of(SubjectConfirmationMethod.BEARER);
        private final Set<XspaAttribute> required = EnumSet.noneOf(XspaAttribute.class);
        private CodeSet purposes = new CodeSet(false, List.of());
        private CodeSet roles = new CodeSet(false, List.of());
        private PartnerEndpoints endpoints = PartnerEndpoints.NONE;
        private PartnerLimits limits = PartnerLimits.DEFAULTS;
        private OutboundAssertionMode outbound = OutboundAssertionMode.FORWARD;

        private Builder(String name, String homeCommunityId) {
            this.name = name;
            this.homeCommunityId = homeCommunityId;
        }

        public Builder enabled(boolean value) {
            enabled = value;
            return this;
        }

        public Builder tlsIdentity(TlsIdentity identity) {
            tls.add(identity);
            return this;
        }

        public Builder samlIssuer(SamlIssuer issuer) {
            issuers.add(issuer);
            return this;
        }

        public Builder audience(String audience) {
            audiences.add(audience);
            return this;
        }

        public Builder subjectConfirmations(Set<SubjectConfirmationMethod> methods) {
            confirmations.clear();
            confirmations.addAll(methods);
            return this;
        }

        public Builder requiredAttributes(Set<XspaAttribute> attributes) {
            required.clear();
            required.addAll(attributes);
            return this;
        }

        public Builder purposesOfUse(CodeSet value) {
            purposes = value;
            return this;
        }

        public Builder roles(CodeSet value) {
            roles = value;
            return this;
        }

        public Builder endpoints(PartnerEndpoints value) {
            endpoints = value;
            return this;
        }

        public Builder limits(PartnerLimits value) {
            limits = value;
            return this;
        }

        public Builder outboundAssertion(OutboundAssertionMode value) {
            outbound = value;
            return this;
        }

        public Partner build() {
            return new Partner(name, homeCommunityId, enabled, tls, issuers, audiences, confirmations, required,
                    purposes, roles, endpoints, limits, outbound);
        }
    }
}
