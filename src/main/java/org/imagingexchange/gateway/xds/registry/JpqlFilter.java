// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xds.registry;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A conjunction of conditions on {@code RegistryObjectEntity r}, built from ITI-18 parameters.
 * A parameter that is absent (null or empty) adds no condition, as ITI TF-2 3.18.4.1.2.3.5 says
 * for optional parameters. Values are always bound, never concatenated.
 */
final class JpqlFilter {
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> params = new LinkedHashMap<>();

    JpqlFilter eq(String path, Object value) {
        if (value != null) {
            conditions.add(path + " = " + bind(value));
        }
        return this;
    }

    JpqlFilter in(String path, Collection<?> values) {
        if (values != null) {
            var present = values.stream().filter(Objects::nonNull).distinct().toList();
            if (!present.isEmpty()) {
                conditions.add(path + " in " + bind(present));
            }
        }
        return this;
    }

    /** {@code from <= path < to}; rows without a value never match a given bound. */
    JpqlFilter range(String path, Instant from, Instant to) {
        if (from != null) {
            conditions.add(path + " >= " + bind(from));
        }
        if (to != null) {
            conditions.add(path + " < " + bind(to));
        }
        return this;
    }

    /** AND over the outer list of OR over the inner lists: a token column contains one of each inner list. */
    JpqlFilter containsAll(String path, List<List<String>> andOfOr) {
        if (andOfOr == null) {
            return this;
        }
        for (List<String> anyOf : andOfOr) {
            var tokens = anyOf.stream().filter(Objects::nonNull).distinct().toList();
            if (tokens.isEmpty()) {
                continue;
            }
            List<String> alternatives = new ArrayList<>();
            for (String token : tokens) {
                alternatives.add(path + " like " + bind(IndexValues.containsToken(token)) + " escape '!'");
            }
            conditions.add("(" + String.join(" or ", alternatives) + ")");
        }
        return this;
    }

    JpqlFilter where(String condition) {
        conditions.add(condition);
        return this;
    }

    <T> TypedQuery<T> query(EntityManager em, String select, Class<T> type) {
        String jpql = select + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions))
                + " order by r.id";
        TypedQuery<T> query = em.createQuery(jpql, type);
        params.forEach(query::setParameter);
        return query;
    }

    List<RegistryObjectEntity> rows(EntityManager em) {
        return query(em, "select r from RegistryObjectEntity r", RegistryObjectEntity.class).getResultList();
    }

    private String bind(Object value) {
        String name = "p" + params.size();
        params.put(name, value);
        return ":" + name;
    }
}
