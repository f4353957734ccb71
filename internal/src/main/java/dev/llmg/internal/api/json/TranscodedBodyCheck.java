package dev.llmg.internal.api.json;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.internal.api.ErrorJson;
import dev.llmg.internal.api.ErrorStatus;
import dev.llmg.internal.server.RouteContributor;
import dev.llmg.spi.GatewayException;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.ServerMethodDefinition;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;

/**
 * Reads the JSON body of every REST route transcoded from the gRPC services ({@code google.api.http} rules
 * with a body) with {@link ProtoJsonReader} before Armeria's transcoder does, and answers a bad one with the
 * REST JSON error.
 *
 * <p>The transcoder parses the body into a tree and writes it out again as gRPC-JSON, and that loses what
 * the strict reader must see: text after the first JSON value, a repeated name (the last one wins), and a
 * number too large for a double (it becomes the string {@code "Infinity"}, which a {@code Struct} keeps).
 * Reading the caller's own bytes here gives REST the same verdicts, naming the same fields, as every other
 * surface; {@link StrictGrpcJsonMarshaller} then reads the transcoder's output, which is valid by then.
 * Rules whose path has variables are left to the marshaller alone: the API has none.
 */
public final class TranscodedBodyCheck implements RouteContributor {

    private final Map<String, Message> bodies;

    @Inject
    TranscodedBodyCheck(Set<BindableService> services) {
        this.bodies = bodiesOf(requireNonNull(services, "services"));
    }

    @Override
    public void addTo(ServerBuilder sb) {
        bodies.forEach((path, body) -> sb.routeDecorator().path("exact:" + path).build(
                (delegate, ctx, req) -> {
                    final MediaType type = req.contentType();
                    if (type == null || !type.isJson()) {
                        return delegate.serve(ctx, req); // the transcoder refuses what is not JSON
                    }
                    return HttpResponse.of(req.aggregate().thenApply(whole -> check(delegate, ctx, whole, body)));
                }));
    }

    /** Returns the body's message type for each path, e.g. ChatRequest for {@code body: "chat"}. */
    Map<String, Message> bodies() {
        return bodies;
    }

    private static HttpResponse check(HttpService delegate, ServiceRequestContext ctx, AggregatedHttpRequest whole,
                                      Message body) {
        if (!whole.content().isEmpty()) { // the transcoder reads no body as {}
            try {
                ProtoJsonReader.NATIVE.read(JsonText.read(whole.content().array(), "the request body"), body,
                                            "the request body");
            } catch (GatewayException e) {
                return ErrorJson.response(ErrorStatus.orInternal(e));
            }
        }
        try {
            return delegate.serve(ctx, whole.toHttpRequest());
        } catch (Exception e) {
            return HttpResponse.ofFailure(e);
        }
    }

    private static Map<String, Message> bodiesOf(Set<BindableService> services) {
        final Map<String, Message> bodies = new HashMap<>();
        for (BindableService service : services) {
            for (ServerMethodDefinition<?, ?> definition : service.bindService().getMethods()) {
                final io.grpc.MethodDescriptor<?, ?> method = definition.getMethodDescriptor();
                if (method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier
                    && method.getRequestMarshaller() instanceof PrototypeMarshaller
                    && ((PrototypeMarshaller<?>) method.getRequestMarshaller()).getMessagePrototype()
                            instanceof Message) {
                    final HttpRule rule = ((ProtoMethodDescriptorSupplier) method.getSchemaDescriptor())
                            .getMethodDescriptor().getOptions().getExtension(AnnotationsProto.http);
                    final Message input =
                            (Message) ((PrototypeMarshaller<?>) method.getRequestMarshaller()).getMessagePrototype();
                    add(bodies, rule, input);
                    rule.getAdditionalBindingsList().forEach(binding -> add(bodies, binding, input));
                }
            }
        }
        return Map.copyOf(bodies);
    }

    private static void add(Map<String, Message> bodies, HttpRule rule, Message input) {
        final String path;
        switch (rule.getPatternCase()) {
            case POST:
                path = rule.getPost();
                break;
            case PUT:
                path = rule.getPut();
                break;
            case PATCH:
                path = rule.getPatch();
                break;
            case DELETE:
                path = rule.getDelete();
                break;
            default:
                return;
        }
        if (rule.getBody().isEmpty() || path.contains("{")) {
            return;
        }
        if (rule.getBody().equals("*")) {
            bodies.put(path, input);
            return;
        }
        final FieldDescriptor field = input.getDescriptorForType().findFieldByName(rule.getBody());
        if (field != null && !field.isRepeated() && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            bodies.put(path, input.newBuilderForType().newBuilderForField(field).getDefaultInstanceForType());
        }
    }
}
