// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import java.util.Arrays;
import java.util.Optional;

/**
 * SAML 2.0 subject confirmation methods a partner may use. XUA requires bearer; holder-of-key
 * is optional and, here, is bound to the partner's TLS client certificate. Sender-vouches is
 * not part of XUA and is never accepted.
 */
public enum SubjectConfirmationMethod {
    BEARER("bearer", "urn:oasis:names:tc:SAML:2.0:cm:bearer"),
    HOLDER_OF_KEY("holder-of-key", "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key");

    private final String shortName;
    private final String uri;

    SubjectConfirmationMethod(String shortName, String uri) {
        this.shortName = shortName;
        this.uri = uri;
    }

    public String shortName() {
        return shortName;
    }

    public String uri() {
        return uri;
    }

    public static Optional<SubjectConfirmationMethod> byShortName(String name) {
        return Arrays.stream(values()).filter(m -> m.shortName.equals(name)).findFirst();
    }

    public static Optional<SubjectConfirmationMethod> byUri(String uri) {
        return Arrays.stream(values()).filter(m -> m.uri.equals(uri)).findFirst();
    }
}
