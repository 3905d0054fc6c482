// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

/**
 * Progress of one instance of an import: expected (listed by the partner's manifest, not yet
 * here), received (its bytes are in the spool), coerced (its reconciled copy is in the spool),
 * stored (the PACS acknowledged it), verified (the PACS lists it), or failed with a reason.
 */
public enum InstanceState { EXPECTED, RECEIVED, COERCED, STORED, VERIFIED, FAILED }
