// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The demographics score the reconciliation takes a local patient by. */
class DemographicsTest {

    @Test
    void foldsCaseAndAccentsAndWeighsEachAttribute() {
        Demographics outside = Demographics.of("Müller^Anna^^Dr", "19750505", "F");
        assertEquals(1.0, outside.score(Demographics.of("MULLER^ANNA", "19750505", "F")));
        assertEquals(0.9, outside.score(Demographics.of("MULLER^ANNA", "19750505", "M")));
        assertEquals(0.9, outside.score(Demographics.of("MULLER^ALMA", "19750505", "F")), "same initial: 0.1 of 0.2");
        assertEquals(0.65, outside.score(Demographics.of("MULLER^ANNA", "19750506", "F")));
        assertEquals(0.0, outside.score(Demographics.of("", null, null)));
    }

    @Test
    void onlyTheAlphabeticGroupOfAPersonNameCounts() {
        Demographics d = Demographics.of("Yamada^Tarou=山田^太郎=やまだ^たろう", "19700101", "M");
        assertEquals("YAMADA", d.family());
        assertEquals("TAROU", d.given());
    }

    @Test
    void missingValuesEarnNothing() {
        assertEquals(0.55, Demographics.of("DOE^JOHN", null, null).score(Demographics.of("DOE^JOHN", null, null)));
    }
}
