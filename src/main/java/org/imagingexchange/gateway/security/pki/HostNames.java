// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.pki;

import java.util.regex.Pattern;

/** Tells IP literals from DNS names, without resolving anything. */
final class HostNames {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern DNS = Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");

    private HostNames() {}

    static boolean isIpLiteral(String host) {
        if (IPV4.matcher(host).matches()) {
            for (String part : host.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        return host.contains(":") && host.matches("[0-9A-Fa-f:.]+");
    }

    /** Refuses anything that is neither an IP literal nor a plausible DNS name. */
    static String check(String host) {
        if (isIpLiteral(host) || DNS.matcher(host).matches()) {
            return host;
        }
        throw new IllegalArgumentException("not a host name or IP address: '" + host + "'");
    }
}
