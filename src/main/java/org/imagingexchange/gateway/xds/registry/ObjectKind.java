// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

/** The four kinds of XDS registry object (ITI TF-3 4.1.1); stored in {@code registry_object.kind}. */
public enum ObjectKind {
    DOCUMENT_ENTRY,
    SUBMISSION_SET,
    FOLDER,
    ASSOCIATION
}
