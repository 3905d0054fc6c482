// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@link Coercion} changes in an imported instance (IHE IRWF.b, BRIEF section 9): the local
 * patient identity and demographics, the local accession number, and optionally new UIDs. Values
 * are checked here against their VR (length, repertoire of CS/DA, no "\" in single values, no
 * control characters); whether a text fits the data set's character set is checked per instance.
 *
 * @param patientId the local Patient ID (MRN), written to (0010,0020); required
 * @param issuerOfPatientId the local Issuer of Patient ID (0010,0021); required
 * @param issuerUniversalId the local assigning authority's OID for (0010,0024) Issuer of Patient ID
 *     Qualifiers Sequence (Universal Entity ID, type ISO); null removes a foreign (0010,0024), which
 *     would otherwise qualify the new Patient ID with the old issuer
 * @param patientName new Patient's Name (0010,0010) in DICOM PN form; null keeps it
 * @param patientBirthDate new Patient's Birth Date (0010,0030), YYYYMMDD; null keeps it
 * @param patientSex new Patient's Sex (0010,0040), M, F or O; null keeps it
 * @param accessionNumber new Accession Number (0008,0050); null keeps it, "" empties it
 * @param accessionIssuerUniversalId OID for (0008,0051) Issuer of Accession Number Sequence; null keeps it
 * @param uidMap old UID to new UID, applied to every UI value at any depth (except inside the Original
 *     Attributes Sequence, which holds history) and to the Media Storage SOP Instance UID; empty keeps UIDs
 * @param modifyingSystem Modifying System (0400,0563), e.g. the gateway's name; required
 * @param sourceOfPreviousValues Source of Previous Values (0400,0564), e.g. the remote community; null writes it empty
 * @param modificationTime Attribute Modification DateTime (0400,0562); null means now
 */
public record CoercionRules(
        String patientId,
        String issuerOfPatientId,
        String issuerUniversalId,
        String patientName,
        String patientBirthDate,
        String patientSex,
        String accessionNumber,
        String accessionIssuerUniversalId,
        Map<String, String> uidMap,
        String modifyingSystem,
        String sourceOfPreviousValues,
        Instant modificationTime) {

    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    private static final Pattern DATE = Pattern.compile("[0-9]{8}");
    private static final Pattern SEX = Pattern.compile("[MFO]");

    public CoercionRules {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(issuerOfPatientId, "issuerOfPatientId");
        Objects.requireNonNull(modifyingSystem, "modifyingSystem");
        requireText("patientId", patientId, 64);
        requireText("issuerOfPatientId", issuerOfPatientId, 64);
        if (patientId.isBlank()) {
            throw new IllegalArgumentException("patientId must not be blank");
        }
        requireText("issuerUniversalId", issuerUniversalId, 1024);
        requireName(patientName);
        if (patientBirthDate != null && !patientBirthDate.isEmpty() && !DATE.matcher(patientBirthDate).matches()) {
            throw new IllegalArgumentException("patientBirthDate must be YYYYMMDD");
        }
        if (patientSex != null && !patientSex.isEmpty() && !SEX.matcher(patientSex).matches()) {
            throw new IllegalArgumentException("patientSex must be M, F or O");
        }
        requireText("accessionNumber", accessionNumber, 16);
        requireText("accessionIssuerUniversalId", accessionIssuerUniversalId, 1024);
        requireText("modifyingSystem", modifyingSystem, 64);
        requireText("sourceOfPreviousValues", sourceOfPreviousValues, 64);
        uidMap = uidMap == null ? Map.of() : Map.copyOf(uidMap);
        for (Map.Entry<String, String> e : uidMap.entrySet()) {
            requireUid(e.getKey());
            requireUid(e.getValue());
        }
        modificationTime = modificationTime == null ? Instant.now() : modificationTime;
    }

    private static void requireText(String what, String value, int maxChars) {
        if (value == null) {
            return;
        }
        if (value.length() > maxChars) {
            throw new IllegalArgumentException(what + " is longer than " + maxChars + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '\\') {
                throw new IllegalArgumentException(what + " contains a control character or a backslash");
            }
        }
    }

    /** PN: at most 64 characters per component group (alphabetic=ideographic=phonetic). */
    private static void requireName(String name) {
        if (name == null) {
            return;
        }
        requireText("patientName", name, 3 * 64 + 2);
        for (String group : name.split("=", -1)) {
            if (group.length() > 64) {
                throw new IllegalArgumentException("patientName has a component group over 64 characters");
            }
        }
    }

    private static void requireUid(String uid) {
        if (uid == null || uid.length() > 64 || !UID.matcher(uid).matches()) {
            throw new IllegalArgumentException("uidMap holds a value that is not a UID: " + uid);
        }
    }

    /** Leaves out the patient's name and birth date, so rules can be logged. */
    @Override
    public String toString() {
        return "CoercionRules[patientId=" + patientId + ", issuer=" + issuerOfPatientId + ", uidsMapped="
                + uidMap.size() + ", modifyingSystem=" + modifyingSystem + "]";
    }
}
