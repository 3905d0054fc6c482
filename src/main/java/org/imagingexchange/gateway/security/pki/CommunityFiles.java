// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.pki;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The files of one community's credentials (see {@link LabPki} for the layout). */
public record CommunityFiles(Path dir) {
    /** PKCS12 with the TLS node key and chain, alias {@code tls}: {@code GATEWAY_TLS_KEYSTORE}. */
    public Path keyStore() {
        return dir.resolve("keystore.p12");
    }

    /** PKCS12 with the trusted partner CAs: {@code GATEWAY_TLS_TRUSTSTORE}. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** PKCS12 with the SAML (X-Assertion Provider) signing key and chain, alias {@code saml}. */
    public Path samlKeyStore() {
        return dir.resolve("saml-signing.p12");
    }

    /** The TLS node certificate and its CA, PEM. */
    public Path tlsCertificate() {
        return dir.resolve("tls.pem");
    }

    public Path tlsKey() {
        return dir.resolve("tls-key.pem");
    }

    /** The SAML signing certificate and its CA, PEM (for the partners' directory entry of this community). */
    public Path samlCertificate() {
        return dir.resolve("saml.pem");
    }

    public Path samlKey() {
        return dir.resolve("saml-key.pem");
    }

    /** {@code keystore.password}, {@code truststore.password}, {@code saml-signing.password} (0600). */
    public Path passwords() {
        return dir.resolve("passwords.properties");
    }

    /** The GATEWAY_TLS_* settings of this community, shell syntax (0600). */
    public Path env() {
        return dir.resolve("tls.env");
    }

    public Path partnerCas() {
        return dir.resolve("partner-cas");
    }

    public Path partnerCrls() {
        return dir.resolve("partner-crls");
    }

    public Map<String, String> readPasswords() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(passwords())) {
            p.load(r);
        }
        Map<String, String> out = new TreeMap<>();
        p.forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }

    /** The GATEWAY_TLS_* settings as a map (the shell quoting removed), e.g. for a test's environment. */
    public Map<String, String> readEnv() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(env())) {
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq < 0) {
                continue;
            }
            String v = line.substring(eq + 1);
            if (v.startsWith("'") && v.endsWith("'") && v.length() >= 2) {
                v = v.substring(1, v.length() - 1).replace("'\\''", "'");
            }
            out.put(line.substring(0, eq), v);
        }
        return out;
    }
}
