// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;

/**
 * Tells the registry whether an affinity-domain patient id is known (the Patient Identity Feed's
 * job in XDS). ITI-42 submissions and patient-based ITI-18 queries for an unknown id fail with
 * XDSUnknownPatientId.
 *
 * <pre>
 * PatientIdentityCheck all = pid -&gt; true;
 * PatientIdentityCheck local = pid -&gt; "1.2.3".equals(pid.getAssigningAuthority().getUniversalId());
 * </pre>
 */
@FunctionalInterface
public interface PatientIdentityCheck {
    boolean isKnown(Identifiable patientId);
}
