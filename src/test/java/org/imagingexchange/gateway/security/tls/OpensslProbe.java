// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imagingexchange.gateway.security.pki.ClientFiles;

/**
 * {@code openssl s_client} as an independent TLS client: it offers what the JDK will not
 * (TLS 1.0/1.1, static-RSA, CBC, 3DES, NULL suites, fallback SCSV, renegotiation), and reports
 * what the server negotiated.
 */
final class OpensslProbe {
    private static final Pattern CIPHER = Pattern.compile("Cipher is (\\S+)");

    private OpensslProbe() {}

    /** What one s_client run printed, and the suite it reports ("(NONE)" when no session). */
    record Result(String output) {
        String cipher() {
            Matcher m = CIPHER.matcher(output);
            return m.find() ? m.group(1) : "(NONE)";
        }

        boolean negotiated() {
            return !"(NONE)".equals(cipher());
        }

        @Override
        public String toString() {
            // the certificate dump in the middle says nothing; keep the start and the end
            return output.length() > 4000 ? output.substring(0, 1500) + "\n...\n" + output.substring(output.length() - 2500)
                    : output;
        }
    }

    /**
     * @param client certificate to present, or null
     * @param stdin  lines to type, "sleep MS" lines pause (s_client reads commands from it: "Q"
     *               quits, "R" renegotiates); pass "-crlf" for HTTP requests
     */
    static Result connect(int port, String caFile, ClientFiles client, String stdin, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", "localhost", "-CAfile", caFile));
        if (client != null) {
            cmd.addAll(List.of("-cert", client.chain().toString(), "-key", client.key().toString()));
        }
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread feeder = new Thread(() -> {
            try (var in = p.getOutputStream()) {
                String[] lines = stdin.split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    String line = lines[i];
                    if (line.startsWith("sleep ")) {
                        Thread.sleep(Long.parseLong(line.substring(6)));
                    } else if (!line.isEmpty() || i < lines.length - 1) {
                        // an empty line is sent too: it ends an HTTP request
                        in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                        in.flush();
                    }
                }
            } catch (Exception e) {
                // s_client already ended
            }
        });
        feeder.setDaemon(true);
        feeder.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Result(new String(out, StandardCharsets.UTF_8));
    }
}
