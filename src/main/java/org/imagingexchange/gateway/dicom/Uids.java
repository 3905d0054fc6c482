// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * DICOM UIDs for objects the gateway creates (KOS manifests, their series). Uses the "2.25" root
 * with a random UUID as an unsigned decimal integer (PS3.5 section B.2), so no registered root is
 * needed and instances on different machines cannot collide.
 */
public final class Uids {

    /** Implementation Class UID (0002,0012) of files this gateway writes; fixed, made once by {@link #newUid()}. */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.118517390746262878558933053706379003579";
    /** Implementation Version Name (0002,0013), at most 16 characters. */
    public static final String IMPLEMENTATION_VERSION_NAME = "IMGXGW_0_1";

    private Uids() {
    }

    /** A new UID "2.25.&lt;UUID as decimal&gt;", at most 44 characters. */
    public static String newUid() {
        UUID u = UUID.randomUUID();
        byte[] bytes = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array();
        return "2.25." + new BigInteger(1, bytes);
    }
}
