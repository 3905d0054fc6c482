// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The partner communities this gateway trusts (DESIGN section 2), with the lookups the security
 * and cross-community code need: by homeCommunityId, by SAML issuer, by TLS client
 * certificate. Immutable; built from the partner file by {@link PartnerFileReader} or in code.
 * Names, homeCommunityIds, SAML issuers and TLS identities are each unique across partners,
 * so every lookup has at most one answer.
 *
 * <pre>
 * PartnerDirectory dir = PartnerDirectory.load(Path.of("partners.yaml"), "urn:oid:1.3.6...");
 * Optional&lt;Partner&gt; p = dir.bySamlIssuer("https://idp.b.example");
 * </pre>
 */
public final class PartnerDirectory {
    private static final Logger LOG = Logger.getLogger(PartnerDirectory.class.getName());
    private static final PartnerDirectory EMPTY = new PartnerDirectory(List.of());

    private final List<Partner> partners;
    private final Map<String, Partner> byHomeCommunityId = new HashMap<>();
    private final Map<String, Partner> byIssuer = new HashMap<>();

    public PartnerDirectory(List<Partner> partners) {
        this.partners = List.copyOf(partners);
        Map<String, Partner> byName = new HashMap<>();
        Map<String, Partner> byTls = new HashMap<>();
        for (Partner p : this.partners) {
            unique(byName, p.name(), p, "name");
            unique(byHomeCommunityId, p.homeCommunityId(), p, "homeCommunityId");
            for (SamlIssuer issuer : p.samlIssuers()) {
                unique(byIssuer, issuer.entityId(), p, "SAML issuer");
            }
            for (TlsIdentity id : p.tlsIdentities()) {
                unique(byTls, id.toString(), p, "TLS identity");
            }
        }
        checkTlsOverlap();
    }

    public static PartnerDirectory empty() {
        return EMPTY;
    }

    /** Reads and validates the partner file; {@code ourHomeCommunityId} is the default audience. */
    public static PartnerDirectory load(Path file, String ourHomeCommunityId) {
        return new PartnerDirectory(new PartnerFileReader(file, ourHomeCommunityId).read());
    }

    public List<Partner> partners() {
        return partners;
    }

    public Optional<Partner> byHomeCommunityId(String homeCommunityId) {
        return Optional.ofNullable(homeCommunityId == null ? null : byHomeCommunityId.get(homeCommunityId));
    }

    public Optional<Partner> bySamlIssuer(String entityId) {
        return Optional.ofNullable(entityId == null ? null : byIssuer.get(entityId));
    }

    /**
     * The partner one of whose TLS identities this client certificate matches; empty if none,
     * and empty if several partners match (a DN rule of one and a fingerprint rule of another
     * can name the same certificate; such a certificate identifies nobody).
     */
    public Optional<Partner> byTlsCertificate(X509Certificate cert) {
        if (cert == null) {
            return Optional.empty();
        }
        List<Partner> matches = partners.stream()
                .filter(p -> p.tlsIdentities().stream().anyMatch(id -> id.matches(cert))).toList();
        if (matches.size() > 1) {
            LOG.warning(() -> "PARTNERS-002 TLS client " + cert.getSubjectX500Principal().getName()
                    + " matches several partners " + matches.stream().map(Partner::name).toList() + ": refused");
            return Optional.empty();
        }
        return matches.stream().findFirst();
    }

    private static void unique(Map<String, Partner> seen, String key, Partner p, String what) {
        Partner other = seen.putIfAbsent(key, p);
        if (other != null && other != p) {
            throw new PartnerDirectoryException("partner '" + p.name() + "': " + what + " '" + key
                    + "' is already used by partner '" + other.name() + "'");
        }
    }

    /** A DN-only rule of one partner and a rule of another with the same DN would make TLS lookups ambiguous. */
    private void checkTlsOverlap() {
        for (Partner a : partners) {
            for (Partner b : partners) {
                if (a == b) {
                    continue;
                }
                for (TlsIdentity x : a.tlsIdentities()) {
                    for (TlsIdentity y : b.tlsIdentities()) {
                        boolean dnClash = x.subject() != null && x.subject().equals(y.subject())
                                && (x.sha256() == null || y.sha256() == null || x.sha256().equals(y.sha256()));
                        boolean fpClash = x.sha256() != null && x.sha256().equals(y.sha256());
                        if (dnClash || fpClash) {
                            throw new PartnerDirectoryException("partners '" + a.name() + "' and '" + b.name()
                                    + "' both accept TLS identity " + x + ": a client certificate must identify one partner");
                        }
                    }
                }
            }
        }
    }
}
