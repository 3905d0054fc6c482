// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.community;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Typed access to one YAML mapping of the partner file, with errors that name the file, the line,
 * the partner and the field. Keys that no reader asked for are reported by {@link #rejectUnknown()},
 * so a misspelt field is an error instead of a silently ignored setting.
 */
final class YamlFields {
    private final String file;
    private final String context;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final List<String> asked = new ArrayList<>();

    YamlFields(String file, String context, Node node) {
        this.file = file;
        this.context = context;
        this.node = node;
        if (!(node instanceof MappingNode map)) {
            throw error(node, null, "expected a mapping (key: value lines)");
        }
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                throw error(t.getKeyNode(), null, "keys must be plain names");
            }
            if (entries.putIfAbsent(key.getValue(), t) != null) {
                throw error(key, key.getValue(), "appears twice");
            }
        }
    }

    private YamlFields(YamlFields other, String context) {
        this.file = other.file;
        this.context = context;
        this.node = other.node;
        this.entries.putAll(other.entries);
    }

    /** A reader of a nested mapping, reporting errors under {@code newContext}. */
    YamlFields within(String newContext, Node child) {
        return new YamlFields(file, newContext, child);
    }

    /** This mapping, reporting errors under another context (fields already read count as read). */
    YamlFields renamed(String newContext) {
        YamlFields copy = new YamlFields(this, newContext);
        copy.asked.addAll(asked);
        return copy;
    }

    String context() {
        return context;
    }

    boolean has(String key) {
        asked.add(key);
        return entries.containsKey(key);
    }

    Node node(String key) {
        asked.add(key);
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    String string(String key) {
        Node n = node(key);
        if (n == null) {
            throw error(node, key, "is required");
        }
        return scalar(n, key);
    }

    String optionalString(String key) {
        Node n = node(key);
        return n == null ? null : scalar(n, key);
    }

    String scalar(Node n, String key) {
        if (!(n instanceof ScalarNode s)) {
            throw error(n, key, "must be a single value");
        }
        String v = s.getValue().strip();
        if (v.isEmpty()) {
            throw error(n, key, "must not be empty");
        }
        return v;
    }

    /** A list of values; a single value is accepted as a list of one. */
    List<Node> list(String key) {
        Node n = node(key);
        if (n == null) {
            return List.of();
        }
        if (n instanceof SequenceNode seq) {
            return seq.getValue();
        }
        if (n instanceof ScalarNode) {
            return List.of(n);
        }
        throw error(n, key, "must be a list");
    }

    List<String> strings(String key) {
        return list(key).stream().map(n -> scalar(n, key)).toList();
    }

    void rejectUnknown() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!asked.contains(e.getKey())) {
                throw error(e.getValue().getKeyNode(), e.getKey(), "is not a known field");
            }
        }
    }

    PartnerDirectoryException error(Node at, String field, String message) {
        int line = (at != null ? at : node).getStartMark().getLine() + 1;
        return new PartnerDirectoryException(file + ":" + line + ": " + context
                + (field != null ? ": field '" + field + "'" : "") + ": " + message);
    }
}
