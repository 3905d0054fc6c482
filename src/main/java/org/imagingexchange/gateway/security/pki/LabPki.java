// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The lab PKI in one directory: certificate authorities, one set of TLS and SAML credentials
 * per community, and test client certificates.
 * <pre>
 *   &lt;root&gt;/ca/&lt;ca&gt;/          a CA: ca.pem, ca.p12, ca.password, crl.pem
 *   &lt;root&gt;/&lt;community&gt;/       keystore.p12 (alias tls), truststore.p12, tls.pem, tls-key.pem,
 *                           saml-signing.p12 (alias saml), saml.pem, saml-key.pem,
 *                           passwords.properties and tls.env (both 0600), partner-crls/
 *   &lt;root&gt;/clients/&lt;name&gt;/   client.p12, client.password, cert.pem, chain.pem, key.pem
 *   &lt;root&gt;/untrusted-ca/         the "unknown" CA of the negative tests; never in a trust store
 * </pre>
 * Every community's trust store holds every CA under {@code ca/} (the lab is one federation).
 */
public final class LabPki {
    public static final String DEFAULT_CA = "lab-ca";
    static final String ORGANIZATION = "O=Imaging Exchange Lab";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Set<String> RESERVED = Set.of("ca", "clients", "untrusted-ca");
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final Path root;
    private final SecureRandom random;

    public LabPki(Path root) {
        this(root, new SecureRandom());
    }

    public LabPki(Path root, SecureRandom random) {
        this.root = root.toAbsolutePath().normalize();
        this.random = random;
    }

    public Path root() {
        return root;
    }

    public Path caDir(String ca) {
        return root.resolve("ca").resolve(checkName(ca));
    }

    public Path communityDir(String community) {
        return root.resolve(checkName(community));
    }

    public Path clientDir(String client) {
        return root.resolve("clients").resolve(checkName(client));
    }

    public Path untrustedCaDir() {
        return root.resolve("untrusted-ca");
    }

    /** {@code certs init}: a new CA with an empty CRL. */
    public CertificateAuthority init(String caName, KeyType keyType, Duration validity, Duration crlValidity)
            throws IOException {
        Files.createDirectories(root);
        return CertificateAuthority.create(caDir(caName), "CN=" + caName + ",OU=Test PKI," + ORGANIZATION,
                keyType, validity, crlValidity, random);
    }

    public CertificateAuthority ca(String caName) throws IOException {
        return CertificateAuthority.load(caDir(caName), random);
    }

    /** Every CA under {@code ca/}, by name. */
    public Map<String, CertificateAuthority> cas() throws IOException {
        Map<String, CertificateAuthority> out = new LinkedHashMap<>();
        Path dir = root.resolve("ca");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.sorted().toList()) {
                    if (CertificateAuthority.exists(p)) {
                        out.put(p.getFileName().toString(), CertificateAuthority.load(p, random));
                    }
                }
            }
        }
        return out;
    }

    /**
     * {@code certs community}: the TLS node credentials and the SAML signing credentials of one
     * community, and its stores.
     */
    public CommunityFiles community(CommunityRequest request) throws IOException {
        Path dir = communityDir(request.name());
        if (Files.exists(dir.resolve("keystore.p12")) && !request.replace()) {
            throw new IllegalStateException("community '" + request.name() + "' exists in " + dir
                    + " (use --force to replace its keys)");
        }
        CertificateAuthority ca = ca(request.ca());
        Instant now = Instant.now();
        Instant until = now.plus(request.validity());

        KeyPair tlsKey = request.keyType().generate(random);
        CertificateSpec.Builder tls = CertificateSpec.tlsNode("CN=" + request.name() + ",OU=gateway," + ORGANIZATION,
                        request.keyType().isRsa(), now.minus(SKEW), until)
                .host("localhost").host("127.0.0.1");
        request.hosts().forEach(h -> tls.host(HostNames.check(h)));
        if (request.communityId() != null) {
            tls.uri(request.communityId());
        }
        X509Certificate tlsCert = ca.issue(tls.build(), tlsKey.getPublic());

        KeyPair samlKey = KeyType.RSA_3072.generate(random);
        CertificateSpec.Builder saml = CertificateSpec.samlSigning(
                "CN=" + request.name() + " X-Assertion Provider,OU=xua," + ORGANIZATION, now.minus(SKEW), until);
        if (request.communityId() != null) {
            saml.uri(request.communityId());
        }
        X509Certificate samlCert = ca.issue(saml.build(), samlKey.getPublic());

        char[] ksPassword = SecretFiles.newPassword(random);
        char[] tsPassword = SecretFiles.newPassword(random);
        char[] samlPassword = SecretFiles.newPassword(random);
        CommunityFiles files = new CommunityFiles(dir);
        KeyStores.writeKeyStore(files.keyStore(), ksPassword, "tls", tlsKey.getPrivate(), List.of(tlsCert, ca.certificate()));
        KeyStores.writeKeyStore(files.samlKeyStore(), samlPassword, "saml", samlKey.getPrivate(),
                List.of(samlCert, ca.certificate()));
        Pem.writePublic(files.tlsCertificate(), tlsCert, ca.certificate());
        Pem.writePrivateKey(files.tlsKey(), tlsKey.getPrivate());
        Pem.writePublic(files.samlCertificate(), samlCert, ca.certificate());
        Pem.writePrivateKey(files.samlKey(), samlKey.getPrivate());
        SecretFiles.writeOwnerOnly(files.passwords(), "# passwords of the stores in this directory\n"
                + "keystore.password=" + new String(ksPassword) + "\n"
                + "truststore.password=" + new String(tsPassword) + "\n"
                + "saml-signing.password=" + new String(samlPassword) + "\n");
        Files.createDirectories(files.partnerCrls());
        writeTrustStore(files, tsPassword, Map.of());
        writeEnv(files, ksPassword, tsPassword);
        Files.writeString(dir.resolve("community.properties"), "name=" + request.name() + "\n"
                + "community-id=" + (request.communityId() == null ? "" : request.communityId()) + "\n"
                + "hosts=" + String.join(",", request.hosts()) + "\n"
                + "ca=" + request.ca() + "\n");
        return files;
    }

    /**
     * {@code certs trust}: adds a partner CA (and optionally its CRL) to a community's trust store,
     * for partners whose certificates come from a CA outside this lab.
     */
    public void trust(String community, String alias, X509Certificate partnerCa, Path partnerCrl) throws IOException {
        CommunityFiles files = new CommunityFiles(communityDir(community));
        if (!Files.exists(files.keyStore())) {
            throw new IllegalStateException("no community '" + community + "' in " + root);
        }
        checkName(alias);
        Files.createDirectories(files.partnerCas());
        Pem.writePublic(files.partnerCas().resolve(alias + ".pem"), partnerCa);
        if (partnerCrl != null) {
            Pem.writePublic(files.partnerCrls().resolve(alias + ".pem"), Pem.readCrl(partnerCrl));
        }
        var passwords = files.readPasswords();
        writeTrustStore(files, passwords.get("truststore.password").toCharArray(), Map.of());
    }

    private void writeTrustStore(CommunityFiles files, char[] password, Map<String, X509Certificate> extra)
            throws IOException {
        Map<String, X509Certificate> trusted = new LinkedHashMap<>();
        for (var e : cas().entrySet()) {
            trusted.put(e.getKey(), e.getValue().certificate());
        }
        if (Files.isDirectory(files.partnerCas())) {
            try (Stream<Path> s = Files.list(files.partnerCas())) {
                for (Path p : s.sorted().toList()) {
                    String alias = p.getFileName().toString().replaceFirst("\\.pem$", "");
                    trusted.put("partner-" + alias, Pem.readCertificates(p).get(0));
                }
            }
        }
        trusted.putAll(extra);
        KeyStores.writeTrustStore(files.trustStore(), password, trusted);
    }

    private void writeEnv(CommunityFiles files, char[] ksPassword, char[] tsPassword) throws IOException {
        List<String> crls = new ArrayList<>();
        for (CertificateAuthority ca : cas().values()) {
            crls.add(ca.crlFile().toString());
        }
        crls.add(files.partnerCrls().toString());
        SecretFiles.writeOwnerOnly(files.env(), "# mutual TLS settings of this community: set -a; . ./tls.env; set +a\n"
                + "GATEWAY_TLS_KEYSTORE=" + shellQuote(files.keyStore().toString()) + "\n"
                + "GATEWAY_TLS_KEYSTORE_PASSWORD=" + shellQuote(new String(ksPassword)) + "\n"
                + "GATEWAY_TLS_TRUSTSTORE=" + shellQuote(files.trustStore().toString()) + "\n"
                + "GATEWAY_TLS_TRUSTSTORE_PASSWORD=" + shellQuote(new String(tsPassword)) + "\n"
                + "GATEWAY_TLS_CRL=" + shellQuote(String.join(",", crls)) + "\n");
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** {@code certs client}: a TLS client certificate of the given kind, issued by {@code caName}. */
    public ClientFiles client(String name, ClientKind kind, String caName, String communityId) throws IOException {
        Instant now = Instant.now();
        Instant from = now.minus(SKEW);
        Instant to = now.plus(Duration.ofDays(365));
        switch (kind) {
            case EXPIRED -> {
                from = now.minus(Duration.ofDays(60));
                to = now.minus(Duration.ofDays(30));
            }
            case NOT_YET_VALID -> {
                from = now.plus(Duration.ofDays(30));
                to = now.plus(Duration.ofDays(395));
            }
            default -> { }
        }
        CertificateSpec.Builder spec = CertificateSpec.tlsClient("CN=" + name + ",OU=test client," + ORGANIZATION, from, to)
                .host("localhost").host("127.0.0.1");
        if (communityId != null) {
            spec.uri(communityId);
        }
        switch (kind) {
            case SHA1 -> spec.sha1Signature(true);
            case WRONG_EKU -> spec.extendedKeyUsage(KeyPurposeId.id_kp_serverAuth);
            case NO_DIGITAL_SIGNATURE -> spec.keyUsage(KeyUsage.keyEncipherment);
            case CA_LEAF -> spec.ca(true).keyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign);
            default -> { }
        }
        KeyType keyType = kind == ClientKind.RSA_1024 ? KeyType.RSA_1024
                : kind == ClientKind.NO_DIGITAL_SIGNATURE ? KeyType.RSA_2048 : KeyType.EC_P256;
        KeyPair pair = keyType.generate(random);
        X509Certificate cert;
        X509Certificate issuerCert;
        if (kind == ClientKind.SELF_SIGNED) {
            cert = CertificateSigner.sign(spec.build(), pair.getPublic(), null, pair.getPrivate(), random);
            issuerCert = null;
        } else {
            CertificateAuthority ca = kind == ClientKind.UNKNOWN_CA ? untrustedCa() : ca(caName);
            cert = ca.issue(spec.build(), pair.getPublic());
            issuerCert = ca.certificate();
            if (kind == ClientKind.REVOKED) {
                ca.revoke(cert.getSerialNumber(), CRLReason.keyCompromise);
            }
        }
        List<X509Certificate> chain = issuerCert == null ? List.of(cert) : List.of(cert, issuerCert);
        ClientFiles files = new ClientFiles(clientDir(name), kind);
        char[] password = SecretFiles.newPassword(random);
        SecretFiles.writeOwnerOnly(files.password(), new String(password) + "\n");
        KeyStores.writeKeyStore(files.keyStore(), password, "client", pair.getPrivate(), chain);
        Pem.writePublic(files.certificate(), cert);
        Pem.writePublic(files.chain(), chain);
        Pem.writePrivateKey(files.key(), pair.getPrivate());
        Files.writeString(files.dir().resolve("kind"), kind.cliName() + "\n");
        return files;
    }

    private CertificateAuthority untrustedCa() throws IOException {
        Path dir = untrustedCaDir();
        return CertificateAuthority.exists(dir) ? CertificateAuthority.load(dir, random)
                : CertificateAuthority.create(dir, "CN=unknown-ca,OU=Untrusted test CA," + ORGANIZATION,
                        KeyType.RSA_2048, Duration.ofDays(3650), Duration.ofDays(30), random);
    }

    /** {@code certs revoke --cert FILE}: finds the lab CA that issued the certificate and lists it in its CRL. */
    public CertificateAuthority revoke(X509Certificate cert, int reason) throws IOException {
        for (CertificateAuthority ca : cas().values()) {
            if (ca.issued(cert)) {
                ca.revoke(cert.getSerialNumber(), reason);
                return ca;
            }
        }
        throw new IllegalStateException("no CA under " + root.resolve("ca") + " issued "
                + cert.getSubjectX500Principal().getName());
    }

    /** {@code certs revoke --serial HEX --ca NAME}. */
    public CertificateAuthority revoke(String caName, BigInteger serial, int reason) throws IOException {
        CertificateAuthority ca = ca(caName);
        ca.revoke(serial, reason);
        return ca;
    }

    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid name '" + name
                    + "': lower-case letters, digits and dashes, starting with a letter or digit");
        }
        return name;
    }

    static String checkCommunityName(String name) {
        checkName(name);
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is reserved for the PKI layout");
        }
        return name;
    }

    /** What {@code certs community} needs; build with {@link CommunityRequest#of}. */
    public record CommunityRequest(String name, String communityId, List<String> hosts, String ca, KeyType keyType,
            Duration validity, boolean replace) {
        public CommunityRequest {
            checkCommunityName(name);
            hosts = List.copyOf(hosts);
        }

        public static CommunityRequest of(String name, String communityId) {
            return new CommunityRequest(name, communityId, List.of(), DEFAULT_CA, KeyType.RSA_3072,
                    Duration.ofDays(730), false);
        }

        public CommunityRequest withHosts(List<String> h) {
            return new CommunityRequest(name, communityId, h, ca, keyType, validity, replace);
        }

        public CommunityRequest withCa(String c) {
            return new CommunityRequest(name, communityId, hosts, c, keyType, validity, replace);
        }

        public CommunityRequest withKeyType(KeyType k) {
            return new CommunityRequest(name, communityId, hosts, ca, k, validity, replace);
        }

        public CommunityRequest withValidity(Duration v) {
            return new CommunityRequest(name, communityId, hosts, ca, keyType, v, replace);
        }

        public CommunityRequest replacing(boolean r) {
            return new CommunityRequest(name, communityId, hosts, ca, keyType, validity, r);
        }
    }
}
