// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The registry objects a stored query selected, each once, in the order found. */
final class QueryResult {
    private final Map<String, RegistryObjectEntity> objects = new LinkedHashMap<>();

    QueryResult add(RegistryObjectEntity row) {
        objects.putIfAbsent(row.entryUuid, row);
        return this;
    }

    QueryResult addAll(Collection<RegistryObjectEntity> rows) {
        rows.forEach(this::add);
        return this;
    }

    boolean contains(String entryUuid) {
        return objects.containsKey(entryUuid);
    }

    Set<String> ids() {
        return objects.keySet();
    }

    List<RegistryObjectEntity> rows() {
        return List.copyOf(objects.values());
    }

    int size() {
        return objects.size();
    }
}
