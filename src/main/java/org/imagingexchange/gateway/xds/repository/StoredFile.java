// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.repository;

/** A document file written by {@link DocumentFiles}: where it is, how big, its SHA-1 (lower-case hex). */
record StoredFile(String relativePath, long size, String sha1) {}
