package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Generates the hostile bodies of an OpenAI-style route from a valid base body, walking its JSON tree: every
 * member of every object is a field path (through arrays, via the first element that has the member, as
 * {@link CanonicalPaths} does), mutated by {@link OpenAiJsonMutations}; plus an unknown member in every object
 * and the whole-body mutations.
 */
final class OpenAiJsonCases {

    private static final String PLACEHOLDER = "@@hostile-value@@";

    private OpenAiJsonCases() {}

    /** Returns the cases for {@code base}. */
    static List<HostileCase> of(ObjectNode base, String purpose) {
        final Random random = HostileSeed.random("openai-json " + purpose);
        final List<HostileCase> cases = new ArrayList<>();
        cases.add(HostileCase.of("", "the valid base request", base.toString(), Expectation.ANSWER));
        walk(base, base, new ArrayList<>(), random, cases);
        cases.addAll(WholeBodyMutations.of(base.toString(), base.fieldNames().next(), random));
        return cases;
    }

    private static void walk(ObjectNode root, ObjectNode object, List<Object> at, Random random,
                             List<HostileCase> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> member = it.next();
            final List<Object> path = new ArrayList<>(at);
            path.add(member.getKey());
            visit(root, member.getKey(), member.getValue(), path, false, true, random, out);
        }
        if (!at.isEmpty()) {
            final ObjectNode withUnknown = object.deepCopy().put("no_such_field", "x");
            // (the root's unknown member is among the whole-body cases)
            out.add(HostileCase.of(label(at), "unknown field", splice(root, at, withUnknown.toString()),
                                   Expectation.ANSWER_OR_REFUSAL));
        }
    }

    private static void visit(ObjectNode root, String name, JsonNode value, List<Object> path, boolean inList,
                              boolean descend, Random random, List<HostileCase> out) {
        for (Mutation mutation : OpenAiJsonMutations.of(name, value, inList, random)) {
            out.add(HostileCase.of(label(path), mutation.name(), splice(root, path, mutation.json()),
                                   mutation.expectation()));
        }
        if (!descend || OpenAiJsonMutations.SCHEMAS.contains(name)) {
            return;
        }
        if (value.isObject()) {
            walk(root, (ObjectNode) value, path, random, out);
        } else if (value.isArray() && value.size() > 0) {
            final List<Object> first = new ArrayList<>(path);
            first.add(0);
            visit(root, name + "[]", value.get(0), first, true, !value.get(0).isObject(), random, out);
            if (value.get(0).isObject()) {
                // Each member through the first element that has it: messages[3].tool_call_id, not messages[0].
                final Set<String> members = new LinkedHashSet<>();
                value.forEach(element -> element.fieldNames().forEachRemaining(members::add));
                for (String member : members) {
                    int index = 0;
                    while (!value.get(index).has(member)) {
                        index++;
                    }
                    final List<Object> memberPath = new ArrayList<>(path);
                    memberPath.add(index);
                    memberPath.add(member);
                    visit(root, member, value.get(index).get(member), memberPath, false, true, random, out);
                }
            }
        }
    }

    private static String splice(ObjectNode root, List<Object> path, String rawJson) {
        final ObjectNode copy = root.deepCopy();
        JsonNode parent = copy;
        for (int i = 0; i < path.size() - 1; i++) {
            parent = path.get(i) instanceof Integer ? parent.get((Integer) path.get(i)) : parent.get((String) path.get(i));
        }
        final Object last = path.get(path.size() - 1);
        if (last instanceof Integer) {
            ((ArrayNode) parent).set((Integer) last, TextNode.valueOf(PLACEHOLDER));
        } else {
            ((ObjectNode) parent).set((String) last, TextNode.valueOf(PLACEHOLDER));
        }
        return copy.toString().replace('"' + PLACEHOLDER + '"', rawJson);
    }

    private static String label(List<Object> path) {
        final StringBuilder text = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer) {
                text.append('[').append(step).append(']');
            } else {
                text.append(text.length() == 0 ? "" : ".").append(step);
            }
        }
        return text.toString();
    }
}
