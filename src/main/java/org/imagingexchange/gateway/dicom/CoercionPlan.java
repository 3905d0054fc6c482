// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns {@link CoercionRules} and what the {@link CoercionScan} found into the top-level edits of
 * one instance, before any byte is written: new values are encoded (or refused) here. Every
 * attribute replaced, removed or added is recorded with its previous value (zero length when it
 * was absent, PS3.3 C.12.1.1.9) in one new Original Attributes Sequence item.
 */
final class CoercionPlan {

    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSSSS")
            .withZone(ZoneOffset.UTC);
    private static final byte[] EMPTY = new byte[0];

    private final CoercionRules rules;
    private final CoercionScan scan;
    private final DicomText text;
    private final List<CoercionWriter.Edit> edits = new ArrayList<>();
    /** Modified attribute -> its VR, for the zero-length record of an attribute that was absent. */
    private final Map<Integer, String> modified = new TreeMap<>(Integer::compareUnsigned);

    private CoercionPlan(CoercionRules rules, CoercionScan scan) {
        this.rules = rules;
        this.scan = scan;
        this.text = DicomText.of(scan.value(Tags.SPECIFIC_CHARACTER_SET));
    }

    /** @throws InvalidDicomException if a new value cannot be written in the data set's character set */
    static CoercionPlan of(CoercionRules rules, CoercionScan scan) throws InvalidDicomException {
        CoercionPlan plan = new CoercionPlan(rules, scan);
        plan.patientIdentity();
        plan.replaceText(Tags.PATIENT_NAME, "PN", rules.patientName());
        plan.replaceAscii(Tags.PATIENT_BIRTH_DATE, "DA", rules.patientBirthDate());
        plan.replaceAscii(Tags.PATIENT_SEX, "CS", rules.patientSex());
        plan.replaceText(Tags.ACCESSION_NUMBER, "SH", rules.accessionNumber());
        if (rules.accessionIssuerUniversalId() != null) {
            plan.replaceWithIssuer(Tags.ISSUER_OF_ACCESSION_NUMBER_SEQUENCE, rules.accessionIssuerUniversalId());
        }
        for (int tag : scan.remapped()) {
            plan.modified.putIfAbsent(tag, "UI");
        }
        plan.originalAttributesItem();
        return plan;
    }

    List<CoercionWriter.Edit> edits() {
        return edits;
    }

    /** Keywords of the modified attributes, in tag order. */
    List<String> changedAttributes() {
        return modified.keySet().stream().map(Tags::keyword).toList();
    }

    /**
     * The local Patient ID and issuer replace the foreign ones, which move to a new Other Patient IDs
     * Sequence item (with their qualifiers) so the instance still names its source identity.
     */
    private void patientIdentity() throws InvalidDicomException {
        boolean idChanged = replaceText(Tags.PATIENT_ID, "LO", rules.patientId());
        boolean issuerChanged = replaceText(Tags.ISSUER_OF_PATIENT_ID, "LO", rules.issuerOfPatientId());
        boolean changed = idChanged || issuerChanged;
        if (rules.issuerUniversalId() != null) {
            replaceWithIssuer(Tags.ISSUER_OF_PATIENT_ID_QUALIFIERS_SEQUENCE, rules.issuerUniversalId());
        } else if (changed && scan.range(Tags.ISSUER_OF_PATIENT_ID_QUALIFIERS_SEQUENCE) != null) {
            // the old qualifiers describe the old issuer: left in place they would mislabel the new ID
            replace(Tags.ISSUER_OF_PATIENT_ID_QUALIFIERS_SEQUENCE, "SQ", out -> { });
        }
        String oldId = oldText(Tags.PATIENT_ID);
        if (changed && oldId != null && !oldId.isEmpty()) {
            CoercionScan.Range id = scan.range(Tags.PATIENT_ID);
            CoercionScan.Range issuer = scan.range(Tags.ISSUER_OF_PATIENT_ID);
            CoercionScan.Range qualifiers = scan.range(Tags.ISSUER_OF_PATIENT_ID_QUALIFIERS_SEQUENCE);
            byte[] type = ascii("TEXT");
            edits.add(new CoercionWriter.Edit(Tags.OTHER_PATIENT_IDS_SEQUENCE, true, out -> {
                out.copy(id);
                if (issuer != null) {
                    out.copy(issuer);
                }
                out.put(Tags.TYPE_OF_PATIENT_ID, "CS", type);
                if (qualifiers != null) {
                    out.copy(qualifiers);
                }
            }));
            modified.put(Tags.OTHER_PATIENT_IDS_SEQUENCE, "SQ");
        }
    }

    /** Replaces a text attribute in the data set's character set; false if null or unchanged. */
    private boolean replaceText(int tag, String vr, String value) throws InvalidDicomException {
        if (value == null || value.equals(oldText(tag)) || value.isEmpty() && oldText(tag) == null) {
            return false;
        }
        byte[] encoded = text.encode(value);
        replace(tag, vr, out -> out.put(tag, vr, encoded));
        return true;
    }

    /** Replaces an attribute of a default-repertoire VR (DA, CS); false if null or unchanged. */
    private boolean replaceAscii(int tag, String vr, String value) {
        byte[] old = scan.value(tag);
        if (value == null || old != null && value.equals(DicomText.ascii(old))) {
            return false;
        }
        byte[] encoded = ascii(value);
        replace(tag, vr, out -> out.put(tag, vr, encoded));
        return true;
    }

    /** An issuer sequence with one item: Universal Entity ID = the OID, Universal Entity ID Type = ISO. */
    private void replaceWithIssuer(int tag, String oid) throws InvalidDicomException {
        byte[] id = text.encode(oid);
        byte[] iso = ascii("ISO");
        replace(tag, "SQ", out -> out.sequence(tag, 0, item -> {
            item.put(Tags.UNIVERSAL_ENTITY_ID, "UT", id);
            item.put(Tags.UNIVERSAL_ENTITY_ID_TYPE, "CS", iso);
        }));
    }

    private void replace(int tag, String vr, CoercionWriter.Body body) {
        edits.add(new CoercionWriter.Edit(tag, false, body));
        modified.put(tag, vr);
    }

    /**
     * Appends one item to the Original Attributes Sequence (PS3.3 C.12.1): the previous values, when,
     * by whom, from where, and why (COERCE, as IRWF.b asks of importers).
     */
    private void originalAttributesItem() throws InvalidDicomException {
        Map<Integer, String> previous = new TreeMap<>(Integer::compareUnsigned);
        previous.putAll(modified);
        Map<Integer, CoercionScan.Range> ranges = new TreeMap<>(Integer::compareUnsigned);
        for (int tag : previous.keySet()) {
            CoercionScan.Range r = scan.range(tag);
            if (r != null) {
                ranges.put(tag, r);
            }
        }
        byte[] when = ascii(DT.format(rules.modificationTime()) + "+0000");
        byte[] system = text.encode(rules.modifyingSystem());
        byte[] source = rules.sourceOfPreviousValues() == null ? EMPTY : text.encode(rules.sourceOfPreviousValues());
        byte[] reason = ascii("COERCE");
        edits.add(new CoercionWriter.Edit(Tags.ORIGINAL_ATTRIBUTES_SEQUENCE, true, out -> {
            out.sequence(Tags.MODIFIED_ATTRIBUTES_SEQUENCE, 1, item -> {
                for (Map.Entry<Integer, String> e : previous.entrySet()) {
                    CoercionScan.Range r = ranges.get(e.getKey());
                    if (r != null) {
                        item.copy(r);
                    } else {
                        item.put(e.getKey(), e.getValue(), EMPTY);
                    }
                }
            });
            out.put(Tags.ATTRIBUTE_MODIFICATION_DATETIME, "DT", when);
            out.put(Tags.MODIFYING_SYSTEM, "LO", system);
            out.put(Tags.SOURCE_OF_PREVIOUS_VALUES, "LO", source);
            out.put(Tags.REASON_FOR_THE_ATTRIBUTE_MODIFICATION, "CS", reason);
        }));
    }

    private String oldText(int tag) {
        byte[] b = scan.value(tag);
        return b == null ? null : text.decode(b);
    }

    /** A default-repertoire value padded with a space to an even length. */
    private static byte[] ascii(String s) {
        return (s.length() % 2 == 0 ? s : s + " ").getBytes(StandardCharsets.US_ASCII);
    }
}
