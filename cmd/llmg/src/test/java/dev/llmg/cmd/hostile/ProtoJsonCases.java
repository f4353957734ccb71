package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;

/**
 * Generates the hostile proto3 JSON bodies of one request message: the valid base itself, every mutation of
 * every field path ({@link CanonicalPaths}, {@link ProtoJsonMutations}), an unknown field in every nested
 * message, two members of every oneof at once, and the whole-body mutations.
 */
final class ProtoJsonCases {

    private ProtoJsonCases() {}

    /** Returns the cases for {@code base}, in a fixed order for a given seed. */
    static List<HostileCase> of(Message base) {
        final Random random = HostileSeed.random("proto-json " + base.getDescriptorForType().getFullName());
        final ObjectNode json = BaseRequests.json(base);
        final List<HostileCase> cases = new ArrayList<>();
        cases.add(HostileCase.of("", "the valid base request", json.toString(), Expectation.ANSWER));
        for (FieldPath path : CanonicalPaths.of(base)) {
            for (Mutation mutation : ProtoJsonMutations.of(path, random)) {
                cases.add(HostileCase.of(path.toString(), mutation.name(),
                                         JsonSplice.render(json, path, mutation.json()), mutation.expectation()));
            }
            if (isObject(path)) {
                cases.addAll(objectCases(json, path));
            }
        }
        cases.addAll(WholeBodyMutations.of(json.toString(), json.fieldNames().next(), random));
        return cases;
    }

    private static boolean isObject(FieldPath path) {
        return path.shape() == FieldPath.Shape.VALUE && path.field().getJavaType() == FieldDescriptor.JavaType.MESSAGE
               && !path.field().getMessageType().getFullName().startsWith("google.")
               && !path.field().isMapField();
    }

    /** An unknown field added to the message at {@code path}, and two members of each of its oneofs. */
    private static List<HostileCase> objectCases(ObjectNode json, FieldPath path) {
        final List<HostileCase> cases = new ArrayList<>();
        final ObjectNode existing = existing(json, path);
        final String inside = existing.size() == 0 ? "" : existing.toString().substring(1, existing.toString().length() - 1) + ',';
        cases.add(HostileCase.of(path.toString(), "unknown field",
                                 JsonSplice.render(json, path, '{' + inside + "\"no_such_field\":{\"x\":[1,2]}}"),
                                 Expectation.ANSWER_OR_REFUSAL));
        for (OneofDescriptor oneof : path.field().getMessageType().getRealOneofs()) {
            if (oneof.getFieldCount() < 2) {
                continue; // a oneof of one member (kept open for more, like Annotation.kind) cannot have two set
            }
            final StringJoiner members = new StringJoiner(",", "{", "}");
            for (FieldDescriptor member : oneof.getFields()) {
                members.add('"' + member.getName() + "\":" + plausible(member));
            }
            cases.add(HostileCase.of(path.toString(), "two members of oneof " + oneof.getName(),
                                     JsonSplice.render(json, path, members.toString()), Expectation.REFUSAL));
        }
        return cases;
    }

    private static ObjectNode existing(ObjectNode json, FieldPath path) {
        com.fasterxml.jackson.databind.JsonNode node = json;
        for (FieldPath.Step step : path.steps()) {
            if (node == null) {
                break;
            }
            node = step instanceof FieldPath.Field ? node.get(((FieldPath.Field) step).descriptor().getName())
                 : step instanceof FieldPath.Index ? node.get(((FieldPath.Index) step).index())
                 : node.get(((FieldPath.Key) step).key());
        }
        return node instanceof ObjectNode ? (ObjectNode) node : json.objectNode();
    }

    private static String plausible(FieldDescriptor field) {
        switch (field.getJavaType()) {
            case STRING: return "\"get_weather\"";
            case ENUM: return "1";
            case MESSAGE: return "{\"url\":\"https://example.com/a.png\"}";
            case BOOLEAN: return "true";
            default: return "1";
        }
    }
}
