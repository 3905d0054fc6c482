// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Generated passwords and the files that hold secrets. Such files are created with
 * permissions 0600 from the start (never written world-readable and narrowed afterwards).
 */
public final class SecretFiles {
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecretFiles() {}

    /** 24 characters from a 56-letter alphabet: about 139 bits, and safe in shell, URL and curl syntax. */
    public static char[] newPassword(SecureRandom random) {
        char[] p = new char[24];
        for (int i = 0; i < p.length; i++) {
            p[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return p;
    }

    /** Writes {@code text} to {@code file} readable by the owner only (0600), replacing any older file. */
    public static void writeOwnerOnly(Path file, String text) throws IOException {
        writeOwnerOnly(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
    }

    public static char[] readPassword(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
    }
}
