// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores job states by their API label ("needs-review"), so SQL and REST read the same words. */
@Converter
public class ImportStateConverter implements AttributeConverter<ImportState, String> {
    @Override
    public String convertToDatabaseColumn(ImportState state) {
        return state == null ? null : state.label();
    }

    @Override
    public ImportState convertToEntityAttribute(String label) {
        return label == null ? null : ImportState.ofLabel(label);
    }
}
