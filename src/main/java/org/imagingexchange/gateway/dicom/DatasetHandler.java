// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.IOException;

/**
 * Receives the structure of a data set from {@link DatasetParser}, in file order. Lengths have
 * been checked against the limits and the data available before any callback sees them.
 * Everything defaults to "ignore", so a validator is an empty handler.
 */
interface DatasetHandler {

    /**
     * Called once the tag, VR and length of an element are known, before its value; return
     * false to stop parsing there (the element's value is then not read).
     */
    default boolean proceed(int tag, int depth) {
        return true;
    }

    /** A non-sequence element; read its value through {@code value} or leave it to be skipped. */
    default void element(int tag, String vr, long length, int depth, ValueReader value)
            throws IOException, InvalidDicomException {
    }

    default void startSequence(int tag, int depth) throws IOException, InvalidDicomException {
    }

    default void startItem(int depth) throws IOException {
    }

    default void endItem(int depth) throws IOException {
    }

    default void endSequence(int depth) throws IOException, InvalidDicomException {
    }

    /** Encapsulated pixel data: {@link #fragment} follows for each item, then {@link #endFragments}. */
    default void startFragments(int tag, String vr, int depth) throws IOException, InvalidDicomException {
    }

    default void fragment(long length, ValueReader value) throws IOException, InvalidDicomException {
    }

    default void endFragments(int depth) throws IOException {
    }
}
