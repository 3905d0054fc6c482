// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.dicom;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagingexchange.gateway.dicom.InvalidDicomException.Kind;

/**
 * Builds a small in-memory tree of only the sequences and values a reader asks for, so reading an
 * untrusted document (a partner's KOS) keeps memory proportional to what is kept, never to what
 * the file declares: values are capped at 1 kB and the number kept is capped too.
 */
final class TreeCollector implements DatasetHandler {

    /** One data set or item: the kept values and the followed sequences. */
    static final class Node {
        final Map<Integer, byte[]> values = new HashMap<>();
        final Map<Integer, List<Node>> sequences = new HashMap<>();

        List<Node> items(int tag) {
            return sequences.getOrDefault(tag, List.of());
        }
    }

    private static final int MAX_VALUE = 1024;
    private static final Node IGNORED = new Node();

    private final Set<Integer> valueTags;
    private final Set<Integer> sequenceTags;
    private final long maxValues;
    private final Node root = new Node();
    private final Deque<Node> nodes = new ArrayDeque<>();
    private final Deque<List<Node>> sequences = new ArrayDeque<>();
    private long kept;

    TreeCollector(Set<Integer> valueTags, Set<Integer> sequenceTags, long maxValues) {
        this.valueTags = valueTags;
        this.sequenceTags = sequenceTags;
        this.maxValues = maxValues;
        nodes.push(root);
    }

    Node root() {
        return root;
    }

    @Override
    public void element(int tag, String vr, long length, int depth, ValueReader value)
            throws IOException, InvalidDicomException {
        Node node = nodes.peek();
        if (node != IGNORED && valueTags.contains(tag)) {
            if (++kept > maxValues) {
                throw new InvalidDicomException(Kind.LIMIT_EXCEEDED, "more than " + maxValues + " values to keep");
            }
            node.values.put(tag, value.bytes(MAX_VALUE));
        }
    }

    @Override
    public void startSequence(int tag, int depth) {
        Node node = nodes.peek();
        if (node != IGNORED && sequenceTags.contains(tag)) {
            List<Node> items = new ArrayList<>();
            node.sequences.put(tag, items);
            sequences.push(items);
        } else {
            sequences.push(List.of());
        }
    }

    @Override
    public void startItem(int depth) {
        List<Node> items = sequences.peek();
        if (items instanceof ArrayList) {
            Node item = new Node();
            items.add(item);
            nodes.push(item);
        } else {
            nodes.push(IGNORED);
        }
    }

    @Override
    public void endItem(int depth) {
        nodes.pop();
    }

    @Override
    public void endSequence(int depth) {
        sequences.pop();
    }
}
