// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads the partner file (YAML, setting {@code gateway.partners.file}) into {@link Partner}s and
 * checks every field at start: unknown keys, malformed OIDs, URLs, fingerprints, DNs,
 * unreadable or weak signing certificates and unknown codes are errors that name the line, the
 * partner and the field. Certificate paths are relative to the file's directory.
 *
 * <pre>
 * partners:
 *   - name: hospital-b                                  # letters, digits . _ -
 *     homeCommunityId: urn:oid:1.3.6.1.4.1.21367.2026.3.1
 *     enabled: true                                     # optional, default true
 *     tls:                                              # its node certificates (DN and/or SHA-256): they
 *                                                       # identify its calls, and its server when we call it
 *                                                       # (required with https endpoints, else calls are refused)
 *       - subjectDn: "CN=gateway.hospital-b.example,O=Hospital B"
 *         sha256: "3A:7F:...:C2"
 *     samlIssuers:                                      # X-Assertion Providers and their keys
 *       - entityId: https://idp.hospital-b.example/sts
 *         signingCertificates: [certs/hospital-b-idp.pem]   # path or inline PEM
 *     audience: [urn:oid:1.3.6.1.4.1.21367.2026.1.1]    # default: our homeCommunityId
 *     subjectConfirmation: [bearer]                     # and/or holder-of-key (needs tls)
 *     requiredAttributes: [subject-id, organization-id, role, purpose-of-use]
 *     purposesOfUse:                                    # or: any
 *       - {code: TREATMENT, codeSystem: 2.16.840.1.113883.3.18.7.1}
 *     roles: any
 *     endpoints: {iti38: https://..., iti39: https://..., rad75: https://...}
 *     timeouts: {connect: 10s, idle: 60s, query: 30s}
 *     maxConcurrentRequests: 8
 *     outboundAssertion: forward                        # none, forward or issue
 * </pre>
 */
final class PartnerFileReader {
    private static final Logger LOG = Logger.getLogger(PartnerFileReader.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern OID_URN = Pattern.compile("urn:oid:[0-2](\\.(0|[1-9][0-9]*))+");
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(ms|s|m|h)");
    private static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private final Path file;
    private final String fileName;
    private final String defaultAudience;

    PartnerFileReader(Path file, String defaultAudience) {
        this.file = file;
        this.fileName = file.toString();
        this.defaultAudience = defaultAudience;
    }

    List<Partner> read() {
        Node root = compose();
        if (root == null) {
            return List.of();
        }
        YamlFields top = new YamlFields(fileName, "partner file", root);
        List<Partner> partners = new ArrayList<>();
        int index = 0;
        for (Node n : top.list("partners")) {
            index++;
            partners.add(partner(top.within("partner #" + index, n)));
        }
        top.rejectUnknown();
        try {
            return new PartnerDirectory(partners).partners();
        } catch (PartnerDirectoryException e) {
            throw new PartnerDirectoryException(fileName + ": " + e.getMessage());
        }
    }

    private Node compose() {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new PartnerDirectoryException(fileName + ": larger than " + MAX_FILE_BYTES + " bytes");
            }
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(20);
            options.setNestingDepthLimit(20);
            DumperOptions dump = new DumperOptions();
            Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dump), dump, options);
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return yaml.compose(in);
            }
        } catch (IOException e) {
            throw new PartnerDirectoryException(fileName + ": cannot read the partner file: " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new PartnerDirectoryException(fileName + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    private Partner partner(YamlFields f) {
        String name = f.string("name");
        if (!NAME.matcher(name).matches()) {
            throw f.error(f.node("name"), "name", "letters, digits, '.', '_' and '-' only (at most 64)");
        }
        return partnerFields(f.renamed("partner '" + name + "'"), name);
    }

    private Partner partnerFields(YamlFields f, String name) {
        String hcid = f.string("homeCommunityId");
        if (!OID_URN.matcher(hcid).matches()) {
            throw f.error(f.node("homeCommunityId"), "homeCommunityId", "must be urn:oid: followed by an OID");
        }
        Partner.Builder b = Partner.builder(name, hcid);
        if (f.has("enabled")) {
            b.enabled(bool(f, "enabled"));
        }
        for (Node n : f.list("tls")) {
            b.tlsIdentity(tlsIdentity(f.within("partner '" + name + "' tls", n)));
        }
        for (Node n : f.list("samlIssuers")) {
            b.samlIssuer(samlIssuer(f.within("partner '" + name + "' samlIssuers", n)));
        }
        List<String> audiences = f.strings("audience");
        (audiences.isEmpty() ? List.of(defaultAudience) : audiences).forEach(b::audience);
        b.subjectConfirmations(confirmations(f));
        b.requiredAttributes(requiredAttributes(f));
        Partner draft = b.build();
        boolean inbound = !draft.samlIssuers().isEmpty();
        b.purposesOfUse(codes(f, "purposesOfUse", inbound));
        b.roles(codes(f, "roles", inbound));
        b.endpoints(endpoints(f));
        b.limits(limits(f));
        String mode = f.optionalString("outboundAssertion");
        if (mode != null) {
            b.outboundAssertion(OutboundAssertionMode.byShortName(mode).orElseThrow(() ->
                    f.error(f.node("outboundAssertion"), "outboundAssertion", "one of none, forward, issue")));
        }
        f.rejectUnknown();
        Partner partner = b.build();
        if (partner.subjectConfirmations().contains(SubjectConfirmationMethod.HOLDER_OF_KEY)
                && partner.tlsIdentities().isEmpty()) {
            throw f.error(f.node("subjectConfirmation"), "subjectConfirmation",
                    "holder-of-key is bound to the TLS client certificate: list the partner's tls identities");
        }
        return partner;
    }

    private TlsIdentity tlsIdentity(YamlFields f) {
        String dn = f.optionalString("subjectDn");
        String fp = f.optionalString("sha256");
        f.rejectUnknown();
        if (dn == null && fp == null) {
            throw f.error(null, null, "give subjectDn, sha256 or both");
        }
        X500Principal subject = null;
        if (dn != null) {
            try {
                subject = new X500Principal(dn);
            } catch (IllegalArgumentException e) {
                throw f.error(f.node("subjectDn"), "subjectDn", "not a distinguished name (RFC 4514)");
            }
        }
        try {
            return new TlsIdentity(subject, fp == null ? null : Certificates.normalizeFingerprint(fp));
        } catch (IllegalArgumentException e) {
            throw f.error(f.node("sha256"), "sha256", e.getMessage());
        }
    }

    private SamlIssuer samlIssuer(YamlFields f) {
        String entityId = f.string("entityId");
        List<X509Certificate> certs = new ArrayList<>();
        for (Node n : f.list("signingCertificates")) {
            certs.addAll(certificates(f, n));
        }
        f.rejectUnknown();
        if (certs.isEmpty()) {
            throw f.error(null, "signingCertificates", "at least one certificate (PEM file path or inline PEM)");
        }
        return new SamlIssuer(entityId, certs);
    }

    private List<X509Certificate> certificates(YamlFields f, Node n) {
        String value = f.scalar(n, "signingCertificates");
        List<X509Certificate> certs;
        try {
            String pem = value.contains("-----BEGIN") ? value
                    : Files.readString(file.toAbsolutePath().getParent().resolve(value), StandardCharsets.US_ASCII);
            certs = Certificates.parsePem(pem);
        } catch (IOException e) {
            throw f.error(n, "signingCertificates", "cannot read " + value + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw f.error(n, "signingCertificates", e.getMessage());
        }
        for (X509Certificate c : certs) {
            String weak = Certificates.weakness(c.getPublicKey());
            weak = weak != null ? weak : Certificates.weakSignature(c);
            if (weak != null) {
                throw f.error(n, "signingCertificates", "certificate " + c.getSubjectX500Principal().getName()
                        + " refused: " + weak);
            }
            if (c.getNotAfter().toInstant().isBefore(java.time.Instant.now())) {
                LOG.warning(() -> "PARTNERS-001 " + fileName + ": signing certificate "
                        + c.getSubjectX500Principal().getName() + " has expired; its assertions are refused");
            }
        }
        return certs;
    }

    private Set<SubjectConfirmationMethod> confirmations(YamlFields f) {
        List<String> names = f.strings("subjectConfirmation");
        if (names.isEmpty()) {
            return EnumSet.of(SubjectConfirmationMethod.BEARER);
        }
        Set<SubjectConfirmationMethod> methods = EnumSet.noneOf(SubjectConfirmationMethod.class);
        for (String s : names) {
            methods.add(SubjectConfirmationMethod.byShortName(s).orElseThrow(() -> f.error(
                    f.node("subjectConfirmation"), "subjectConfirmation", "'" + s + "': bearer or holder-of-key")));
        }
        return methods;
    }

    private Set<XspaAttribute> requiredAttributes(YamlFields f) {
        Set<XspaAttribute> required = EnumSet.noneOf(XspaAttribute.class);
        for (String s : f.strings("requiredAttributes")) {
            required.add(XspaAttribute.byShortName(s).orElseThrow(() -> f.error(f.node("requiredAttributes"),
                    "requiredAttributes", "'" + s + "' is not one of subject-id, organization, organization-id, "
                            + "home-community-id, role, purpose-of-use, resource-id")));
        }
        return required;
    }

    private CodeSet codes(YamlFields f, String key, boolean required) {
        Node n = f.node(key);
        if (n == null) {
            if (required) {
                throw f.error(null, key, "is required for a partner with SAML issuers (a list of "
                        + "{code, codeSystem}, or 'any')");
            }
            return new CodeSet(false, List.of());
        }
        if (n instanceof org.yaml.snakeyaml.nodes.ScalarNode s && "any".equals(s.getValue().strip())) {
            return CodeSet.any();
        }
        List<CodedValue> values = new ArrayList<>();
        for (Node item : f.list(key)) {
            YamlFields c = f.within(contextOf(f) + " " + key, item);
            String code = c.string("code");
            String system = c.string("codeSystem");
            if (!OID.matcher(system).matches()) {
                throw c.error(c.node("codeSystem"), "codeSystem", "must be an OID (e.g. 2.16.840.1.113883.5.8)");
            }
            values.add(new CodedValue(code, system, c.optionalString("codeSystemName"), c.optionalString("displayName")));
            c.rejectUnknown();
        }
        if (values.isEmpty()) {
            throw f.error(n, key, "must list at least one {code, codeSystem}, or be 'any'");
        }
        return new CodeSet(false, values);
    }

    private PartnerEndpoints endpoints(YamlFields f) {
        Node n = f.node("endpoints");
        if (n == null) {
            return PartnerEndpoints.NONE;
        }
        YamlFields e = f.within(contextOf(f) + " endpoints", n);
        PartnerEndpoints endpoints = new PartnerEndpoints(url(e, "iti38"), url(e, "iti39"), url(e, "rad75"));
        e.rejectUnknown();
        return endpoints;
    }

    private static URI url(YamlFields f, String key) {
        String v = f.optionalString(key);
        if (v == null) {
            return null;
        }
        try {
            URI uri = new URI(v);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw f.error(f.node(key), key, "must be an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException ex) {
            throw f.error(f.node(key), key, "not a URL: " + ex.getMessage());
        }
    }

    private PartnerLimits limits(YamlFields f) {
        PartnerLimits d = PartnerLimits.DEFAULTS;
        Duration connect = d.connectTimeout();
        Duration idle = d.idleTimeout();
        Duration query = d.queryDeadline();
        Node n = f.node("timeouts");
        if (n != null) {
            YamlFields t = f.within(contextOf(f) + " timeouts", n);
            connect = duration(t, "connect", connect);
            idle = duration(t, "idle", idle);
            query = duration(t, "query", query);
            t.rejectUnknown();
        }
        int concurrency = d.maxConcurrentRequests();
        String c = f.optionalString("maxConcurrentRequests");
        if (c != null) {
            try {
                concurrency = Integer.parseInt(c);
            } catch (NumberFormatException e) {
                concurrency = -1;
            }
            if (concurrency < 1 || concurrency > 1000) {
                throw f.error(f.node("maxConcurrentRequests"), "maxConcurrentRequests", "a whole number from 1 to 1000");
            }
        }
        return new PartnerLimits(connect, idle, query, concurrency);
    }

    private static Duration duration(YamlFields f, String key, Duration dflt) {
        String v = f.optionalString(key);
        if (v == null) {
            return dflt;
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw f.error(f.node(key), key, "a positive duration such as 500ms, 10s, 5m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static boolean bool(YamlFields f, String key) {
        String v = f.string(key);
        if (!v.equals("true") && !v.equals("false")) {
            throw f.error(f.node(key), key, "true or false");
        }
        return Boolean.parseBoolean(v);
    }

    private static String contextOf(YamlFields f) {
        return f.context();
    }
}
