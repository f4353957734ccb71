package dev.llmg.internal.api.json;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.spi.GatewayException;

/**
 * Reads proto3 JSON into a protobuf message strictly, checking every value against the message's
 * descriptor in the same walk that builds the message, and names the path of the first problem
 * ({@code messages[0].role}, {@code seed}) in an INVALID_ARGUMENT {@link GatewayException}.
 *
 * <p>It is the one reading of the canonical request on every surface that takes proto3 JSON: REST
 * transcoding and gRPC-JSON (through {@link StrictGrpcJsonMarshaller}), Server-Sent Events and the WebSocket.
 * The rules, beyond {@link ScalarJson}'s and {@link WellKnownJson}'s:
 * <ul>
 *   <li>A message is a JSON object; a field may be named by its proto name ({@code max_tokens}) or its JSON
 *       name ({@code maxTokens}), but not by both in one object.</li>
 *   <li>Unknown fields are ignored, so that a newer client works with an older gateway (llmg's documented
 *       choice); unknown enum names and numbers are refused, listing the names to choose from.</li>
 *   <li>{@code null} means "not set", except for a {@code google.protobuf.Value}; array elements and map
 *       values may not be null.</li>
 *   <li>Repeated fields are arrays and maps are objects; a scalar is never accepted in their place, nor an
 *       array in place of a scalar.</li>
 *   <li>At most one member of a oneof is set.</li>
 *   <li>Documents nest at most {@value #MAX_DEPTH} levels deep.</li>
 * </ul>
 * Paths use proto field names, as the request validator does, and are named from a root message
 * (for llmg's API, {@code ChatRequest}) even inside an envelope such as {@code {"chat": {...}}}, so that the
 * same mistake names the same field on every surface.
 */
public final class ProtoJsonReader {

    /** Reads llmg's native API, naming paths from the canonical chat request. */
    public static final ProtoJsonReader NATIVE = new ProtoJsonReader(Set.of(ChatRequest.getDescriptor()));

    /** The deepest nesting read; protobuf's own parsers stop at 100 levels of messages too. */
    static final int MAX_DEPTH = 100;

    /** What the reader needs of each message type, worked out once: descriptors rebuild lists on each call. */
    private static final Map<Descriptor, MessageType> TYPES = new ConcurrentHashMap<>();

    private final Set<Descriptor> roots;

    private ProtoJsonReader(Set<Descriptor> roots) {
        this.roots = roots;
    }

    /**
     * Reads {@code json} as a message of {@code prototype}'s type, or throws an INVALID_ARGUMENT naming the
     * first bad field; {@code whole} names the document in messages about the document itself.
     */
    public <T extends Message> T read(JsonNode json, T prototype, String whole) {
        return read(json, prototype, whole, "");
    }

    /**
     * Reads {@code json} like {@link #read(JsonNode, Message, String)}, for a value found at {@code path} of
     * a larger document read another way (e.g. a JSON Schema inside an OpenAI request), and names paths
     * from there.
     */
    public <T extends Message> T read(JsonNode json, T prototype, String whole, String path) {
        try {
            @SuppressWarnings("unchecked")
            final T message = (T) message(json, prototype.newBuilderForType(), 0);
            return message;
        } catch (JsonProblem problem) {
            if (!path.isEmpty()) {
                problem.in(path);
            }
            throw problem.toGatewayException(whole);
        }
    }

    /** Throws if a value {@code depth} levels into the document is too deep to read. */
    static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new JsonProblem("is nested too deeply: documents may nest at most " + MAX_DEPTH + " levels");
        }
    }

    private Message message(JsonNode node, Message.Builder fresh, int depth) {
        final Descriptor type = fresh.getDescriptorForType();
        final MessageType known = typeOf(type);
        if (known.wellKnown()) {
            return WellKnownJson.read(fresh, node, depth);
        }
        if (!node.isObject()) {
            throw new JsonProblem("must be an object, not " + ScalarJson.describe(node));
        }
        checkDepth(depth);
        try {
            fields(node, fresh, known, depth);
        } catch (JsonProblem problem) {
            throw roots.contains(type) ? problem.root() : problem;
        }
        return fresh.build();
    }

    private void fields(JsonNode node, Message.Builder builder, MessageType type, int depth) {
        final String[] spelling = new String[type.fieldCount()];
        FieldDescriptor[] chosen = null; // the member set of each oneof, made when the first one is
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            final FieldDescriptor field = type.byName().get(entry.getKey());
            if (field == null) {
                continue; // unknown fields are ignored
            }
            try {
                if (spelling[field.getIndex()] != null) {
                    throw new JsonProblem("is given twice, as " + spelling[field.getIndex()] + " and as "
                                          + entry.getKey());
                }
                spelling[field.getIndex()] = entry.getKey();
                final JsonNode value = entry.getValue();
                if (value.isNull() && !takesNull(field)) {
                    continue; // null is the default, i.e. not set
                }
                final OneofDescriptor oneof = field.getRealContainingOneof();
                if (oneof != null) {
                    if (chosen == null) {
                        chosen = new FieldDescriptor[type.oneofCount()];
                    }
                    if (chosen[oneof.getIndex()] != null) {
                        throw new JsonProblem("cannot be set together with " + chosen[oneof.getIndex()].getName()
                                              + ": set only one of " + membersOf(oneof));
                    }
                    chosen[oneof.getIndex()] = field;
                }
                field(field, value, builder, depth);
            } catch (JsonProblem problem) {
                throw problem.in(field.getName());
            }
        }
    }

    private void field(FieldDescriptor field, JsonNode value, Message.Builder builder, int depth) {
        if (field.isMapField()) {
            map(field, value, builder, depth);
        } else if (field.isRepeated()) {
            if (!value.isArray()) {
                throw new JsonProblem("must be an array, not " + ScalarJson.describe(value));
            }
            for (int i = 0; i < value.size(); i++) {
                try {
                    builder.addRepeatedField(field, single(field, value.get(i), builder, depth + 1));
                } catch (JsonProblem problem) {
                    throw problem.at(i);
                }
            }
        } else {
            builder.setField(field, single(field, value, builder, depth));
        }
    }

    private Object single(FieldDescriptor field, JsonNode value, Message.Builder parent, int depth) {
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            return message(value, parent.newBuilderForField(field), depth + 1);
        }
        if (value.isNull() && field.getJavaType() == FieldDescriptor.JavaType.ENUM
            && field.getEnumType().getFullName().equals("google.protobuf.NullValue")) {
            return field.getEnumType().findValueByNumber(0);
        }
        return ScalarJson.read(field, value);
    }

    private void map(FieldDescriptor field, JsonNode value, Message.Builder builder, int depth) {
        if (!value.isObject()) {
            throw new JsonProblem("must be an object, not " + ScalarJson.describe(value));
        }
        final FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
        final FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            try {
                final Message.Builder pair = builder.newBuilderForField(field);
                pair.setField(keyField, mapKey(keyField, entry.getKey()));
                pair.setField(valueField, single(valueField, entry.getValue(), pair, depth + 1));
                builder.addRepeatedField(field, pair.build());
            } catch (JsonProblem problem) {
                throw problem.in(entry.getKey());
            }
        }
    }

    /** Reads a map key, which JSON always writes as a string: {@code "true"}, {@code "42"} or any text. */
    private static Object mapKey(FieldDescriptor key, String text) {
        if (key.getType() == FieldDescriptor.Type.BOOL) {
            if (!text.equals("true") && !text.equals("false")) {
                throw new JsonProblem("must be a key of true or false");
            }
            return Boolean.parseBoolean(text);
        }
        return ScalarJson.read(key, TextNode.valueOf(text));
    }

    private static boolean takesNull(FieldDescriptor field) {
        if (field.isRepeated()) {
            return false;
        }
        return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
               ? WellKnownJson.takesNull(field.getMessageType())
               : field.getJavaType() == FieldDescriptor.JavaType.ENUM
                 && field.getEnumType().getFullName().equals("google.protobuf.NullValue");
    }

    private static MessageType typeOf(Descriptor type) {
        final MessageType known = TYPES.get(type);
        return known != null ? known : TYPES.computeIfAbsent(type, MessageType::of);
    }

    /**
     * Holds a message type's fields by proto name and JSON name, its counts of fields and oneofs, and
     * whether {@link WellKnownJson} reads it.
     */
    private record MessageType(Map<String, FieldDescriptor> byName, int fieldCount, int oneofCount,
                               boolean wellKnown) {

        static MessageType of(Descriptor type) {
            final Map<String, FieldDescriptor> names = new HashMap<>();
            for (FieldDescriptor field : type.getFields()) {
                names.put(field.getName(), field);
                names.put(field.getJsonName(), field);
            }
            return new MessageType(Map.copyOf(names), type.getFields().size(), type.getOneofs().size(),
                                   WellKnownJson.handles(type));
        }
    }

    private static String membersOf(OneofDescriptor oneof) {
        final StringBuilder names = new StringBuilder();
        for (FieldDescriptor member : oneof.getFields()) {
            names.append(names.length() == 0 ? "" : ", ").append(member.getName());
        }
        return names.toString();
    }
}
