// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.security.xua;

import java.util.Optional;

/**
 * The access decision taken after an assertion has been verified (implemented by
 * {@code security.policy.AccessPolicy}): empty when allowed, else the exact reason of the
 * denial (for the log and audit only).
 */
public interface XuaAuthorizer {

    /** Rules that need only the verified user (partner, purpose of use, role). */
    Optional<String> deny(XuaPrincipal principal);

    /** Rules that need the request's patient id too; called once the body is read, patientId may be null. */
    Optional<String> denyPatient(XuaPrincipal principal, String patientId);
}
