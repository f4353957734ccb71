package dev.llmg.internal.api.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import com.linecorp.armeria.common.grpc.GrpcJsonMarshaller;

import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.ServiceDescriptor;

/**
 * Reads the JSON requests of the gRPC services (gRPC-JSON, gRPC-Web JSON, and the REST transcoding, which
 * Armeria turns into gRPC-JSON) with {@link ProtoJsonReader}, and writes answers with Armeria's default
 * marshaller.
 *
 * <p>Armeria's default reader is lenient where llmg is strict (a fraction for an enum, a number for a
 * string) and fails with exceptions no error mapping knows ({@code NumberFormatException} for
 * {@code "seed":"x"}), which callers saw as UNKNOWN; this one answers INVALID_ARGUMENT naming the field.
 */
public final class StrictGrpcJsonMarshaller implements GrpcJsonMarshaller {

    private final GrpcJsonMarshaller writer;

    private StrictGrpcJsonMarshaller(GrpcJsonMarshaller writer) {
        this.writer = writer;
    }

    /** Returns the factory for {@code GrpcServiceBuilder.jsonMarshallerFactory}. */
    public static Function<ServiceDescriptor, GrpcJsonMarshaller> factory() {
        return service -> new StrictGrpcJsonMarshaller(GrpcJsonMarshaller.of(service));
    }

    @Override
    public <T> void serializeMessage(Marshaller<T> marshaller, T message, OutputStream os) throws IOException {
        writer.serializeMessage(marshaller, message, os);
    }

    @Override
    public <T> T deserializeMessage(Marshaller<T> marshaller, InputStream is) throws IOException {
        if (!(marshaller instanceof PrototypeMarshaller)
            || !(((PrototypeMarshaller<T>) marshaller).getMessagePrototype() instanceof Message)) {
            return writer.deserializeMessage(marshaller, is); // not a protobuf message: nothing to check it by
        }
        final Message prototype = (Message) ((PrototypeMarshaller<T>) marshaller).getMessagePrototype();
        final JsonNode json = JsonText.read(is, "the request message");
        @SuppressWarnings("unchecked")
        final T message = (T) ProtoJsonReader.NATIVE.read(json, prototype, "the request message");
        return message;
    }
}
