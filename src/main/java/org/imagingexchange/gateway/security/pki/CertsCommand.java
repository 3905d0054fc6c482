// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.pki;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x509.CRLReason;

/**
 * {@code ./gateway certs ...}: the lab PKI on the command line. Prints what it made, never a
 * password (those are in 0600 files beside the stores).
 * <pre>
 *   ./gateway certs init      --out certs/lab
 *   ./gateway certs community --out certs/lab --name hospital-a --community-id urn:oid:1.2.3 --host gw-a.example.org
 *   ./gateway certs client    --out certs/lab --name revoked-client --kind revoked
 *   ./gateway certs revoke    --out certs/lab --cert certs/lab/clients/x/cert.pem
 *   ./gateway certs crl       --out certs/lab
 *   ./gateway certs trust     --out certs/lab --name hospital-a --alias other-hie --cert ca.pem --crl ca.crl
 *   ./gateway certs list      --out certs/lab
 * </pre>
 */
public final class CertsCommand {
    private static final String USAGE = """
            Usage: ./gateway certs <command> [options]     (the lab PKI; --out defaults to certs/lab)

              init       a certificate authority and its (empty) CRL
                         [--ca lab-ca] [--key rsa|ec] [--days 3650] [--crl-days 30]
              community  a community's TLS node key pair (serverAuth+clientAuth, SAN localhost,
                         127.0.0.1, each --host, URI:<community-id>), its SAML signing key pair,
                         keystore.p12, truststore.p12 (every lab CA), tls.env with the GATEWAY_TLS_* settings
                         --name NAME [--community-id urn:oid:...] [--host HOST]... [--ca lab-ca]
                         [--key rsa|ec] [--days 730] [--force]
              client     a TLS client certificate for tests, valid or deliberately broken
                         --name NAME --kind KIND [--ca lab-ca] [--community-id urn:oid:...]
                         KIND: %s
              revoke     list a certificate in its CA's CRL (the running gateway reloads the CRL)
                         --cert FILE.pem | --serial HEX [--ca lab-ca]   [--reason key-compromise]
              crl        re-sign a CA's CRL with a fresh nextUpdate [--ca lab-ca] [--days N]
              trust      add a partner CA from outside the lab to a community's trust store
                         --name COMMUNITY --alias ALIAS --cert CA.pem [--crl CRL.pem]
              list       what the PKI holds: CAs, CRL dates, communities, clients
            """;

    private final PrintStream out;
    private final Map<String, List<String>> options = new LinkedHashMap<>();

    private CertsCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the process exit code (0 ok, 1 failed, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || Set.of("-h", "--help", "help").contains(args[0])) {
            out.print(usage());
            return args.length == 0 ? 2 : 0;
        }
        CertsCommand c = new CertsCommand(out);
        try {
            c.parse(args);
            c.execute(args[0]);
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("certs: " + e.getMessage());
            err.print(usage());
            return 2;
        } catch (IllegalStateException | IOException e) {
            err.println("certs: " + e.getMessage());
            return 1;
        }
    }

    static String usage() {
        List<String> kinds = new ArrayList<>();
        for (ClientKind k : ClientKind.values()) {
            kinds.add(k.cliName());
        }
        return USAGE.formatted(String.join(", ", kinds));
    }

    private void parse(String[] args) {
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            String key = a.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if ("force".equals(key)) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
            options.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
    }

    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "init", Set.of("out", "ca", "key", "days", "crl-days"),
            "community", Set.of("out", "name", "community-id", "host", "ca", "key", "days", "force"),
            "client", Set.of("out", "name", "kind", "ca", "community-id"),
            "revoke", Set.of("out", "cert", "serial", "ca", "reason"),
            "crl", Set.of("out", "ca", "days"),
            "trust", Set.of("out", "name", "alias", "cert", "crl"),
            "list", Set.of("out"));

    private void execute(String command) throws IOException {
        Set<String> allowed = ALLOWED.get(command);
        if (allowed == null) {
            throw new IllegalArgumentException("unknown command '" + command + "'");
        }
        for (String key : options.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("'" + command + "' takes no --" + key);
            }
        }
        LabPki pki = new LabPki(Path.of(one("out", defaultOut())));
        switch (command) {
            case "init" -> init(pki);
            case "community" -> community(pki);
            case "client" -> client(pki);
            case "revoke" -> revoke(pki);
            case "crl" -> crl(pki);
            case "trust" -> trust(pki);
            default -> list(pki);
        }
    }

    private static String defaultOut() {
        String root = System.getProperty("gateway.root");
        return root == null ? "certs/lab" : Path.of(root, "certs", "lab").toString();
    }

    private void init(LabPki pki) throws IOException {
        String name = one("ca", LabPki.DEFAULT_CA);
        CertificateAuthority ca = pki.init(name, KeyType.parse(one("key", "rsa")),
                Duration.ofDays(days("days", 3650)), Duration.ofDays(days("crl-days", 30)));
        out.println("CA " + ca.certificate().getSubjectX500Principal().getName() + " in " + ca.dir());
        out.println("  certificate " + ca.certificateFile());
        out.println("  CRL         " + ca.crlFile() + " (next update " + ca.crl().getNextUpdate().toInstant() + ")");
    }

    private void community(LabPki pki) throws IOException {
        LabPki.CommunityRequest req = LabPki.CommunityRequest.of(required("name"), one("community-id", null))
                .withHosts(all("host")).withCa(one("ca", LabPki.DEFAULT_CA)).withKeyType(KeyType.parse(one("key", "rsa")))
                .withValidity(Duration.ofDays(days("days", 730))).replacing(Boolean.parseBoolean(one("force", "false")));
        CommunityFiles f = pki.community(req);
        out.println("community " + req.name() + " in " + f.dir());
        out.println("  TLS key store      " + f.keyStore() + " (alias tls; also tls.pem, tls-key.pem)");
        out.println("  TLS trust store    " + f.trustStore() + " (CAs: " + String.join(", ", pki.cas().keySet()) + ")");
        out.println("  SAML signing store " + f.samlKeyStore() + " (alias saml; also saml.pem, saml-key.pem)");
        out.println("  passwords          " + f.passwords() + " (0600)");
        out.println("  settings           " + f.env() + " (0600)");
        out.println("run it with mutual TLS:  (set -a; . " + f.env() + "; set +a; ./gateway run)");
    }

    private void client(LabPki pki) throws IOException {
        ClientKind kind = ClientKind.parse(required("kind"));
        ClientFiles f = pki.client(required("name"), kind, one("ca", LabPki.DEFAULT_CA), one("community-id", null));
        X509Certificate cert = Pem.readCertificates(f.certificate()).get(0);
        out.println("client " + f.dir().getFileName() + " (" + kind.cliName() + ": " + kind.description() + ")");
        out.println("  subject " + cert.getSubjectX500Principal().getName() + ", serial " + cert.getSerialNumber().toString(16));
        out.println("  " + f.keyStore() + " (password in " + f.password().getFileName() + "), "
                + f.chain().getFileName() + ", " + f.key().getFileName());
    }

    private void revoke(LabPki pki) throws IOException {
        int reason = reason(one("reason", "key-compromise"));
        CertificateAuthority ca;
        String serialText;
        if (options.containsKey("cert")) {
            X509Certificate cert = Pem.readCertificates(Path.of(required("cert"))).get(0);
            ca = pki.revoke(cert, reason);
            serialText = cert.getSerialNumber().toString(16);
        } else {
            serialText = required("serial").replace(":", "");
            ca = pki.revoke(one("ca", LabPki.DEFAULT_CA), new BigInteger(serialText, 16), reason);
        }
        out.println("revoked serial " + serialText + "; CRL " + ca.crlFile() + " now lists "
                + size(ca.crl()) + " certificate(s)");
    }

    private void crl(LabPki pki) throws IOException {
        CertificateAuthority ca = pki.ca(one("ca", LabPki.DEFAULT_CA));
        Duration validity = options.containsKey("days") ? Duration.ofDays(days("days", 30)) : null;
        X509CRL crl = ca.reissueCrl(validity);
        out.println("CRL " + ca.crlFile() + " re-signed: next update " + crl.getNextUpdate().toInstant());
    }

    private void trust(LabPki pki) throws IOException {
        X509Certificate partnerCa = Pem.readCertificates(Path.of(required("cert"))).get(0);
        String crl = one("crl", null);
        pki.trust(required("name"), required("alias"), partnerCa, crl == null ? null : Path.of(crl));
        out.println("community " + one("name", null) + " now trusts " + partnerCa.getSubjectX500Principal().getName());
    }

    private void list(LabPki pki) throws IOException {
        out.println("lab PKI in " + pki.root());
        for (var e : pki.cas().entrySet()) {
            X509CRL crl = e.getValue().crl();
            out.println("  CA " + e.getKey() + ": " + e.getValue().certificate().getSubjectX500Principal().getName()
                    + ", CRL next update " + crl.getNextUpdate().toInstant() + ", " + size(crl) + " revoked");
        }
        if (Files.isDirectory(pki.root())) {
            try (var s = Files.list(pki.root())) {
                for (Path p : s.sorted().toList()) {
                    if (Files.exists(p.resolve("keystore.p12"))) {
                        X509Certificate c = Pem.readCertificates(p.resolve("tls.pem")).get(0);
                        out.println("  community " + p.getFileName() + ": " + c.getSubjectX500Principal().getName()
                                + ", valid until " + c.getNotAfter().toInstant());
                    }
                }
            }
        }
        Path clients = pki.root().resolve("clients");
        if (Files.isDirectory(clients)) {
            try (var s = Files.list(clients)) {
                for (Path p : s.sorted().toList()) {
                    String kind = Files.exists(p.resolve("kind")) ? Files.readString(p.resolve("kind")).strip() : "?";
                    out.println("  client " + p.getFileName() + " (" + kind + ")");
                }
            }
        }
    }

    private static int size(X509CRL crl) {
        return crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
    }

    private static int reason(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "unspecified" -> CRLReason.unspecified;
            case "key-compromise" -> CRLReason.keyCompromise;
            case "ca-compromise" -> CRLReason.cACompromise;
            case "affiliation-changed" -> CRLReason.affiliationChanged;
            case "superseded" -> CRLReason.superseded;
            case "cessation-of-operation" -> CRLReason.cessationOfOperation;
            default -> throw new IllegalArgumentException("unknown reason '" + text + "' (unspecified, key-compromise, "
                    + "ca-compromise, affiliation-changed, superseded, cessation-of-operation)");
        };
    }

    private String one(String key, String fallback) {
        List<String> v = options.get(key);
        if (v == null) {
            return fallback;
        }
        if (v.size() > 1) {
            throw new IllegalArgumentException("--" + key + " given more than once");
        }
        return v.get(0);
    }

    private List<String> all(String key) {
        return options.getOrDefault(key, List.of());
    }

    private String required(String key) {
        String v = one(key, null);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    private long days(String key, long fallback) {
        String v = one(key, null);
        try {
            long d = v == null ? fallback : Long.parseLong(v);
            if (d < 1) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a positive number of days");
        }
    }
}
