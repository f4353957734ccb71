package dev.llmg.cmd.hostile;

import static dev.llmg.cmd.hostile.Expectation.ANSWER;
import static dev.llmg.cmd.hostile.Expectation.ANSWER_OR_REFUSAL;
import static dev.llmg.cmd.hostile.Expectation.REFUSAL;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Malformed gRPC requests for one method, frame by frame and header by header: bytes that are no protobuf,
 * messages cut short or padded past the size limit, length prefixes that lie, flags and encodings that do not
 * match the body, malformed {@code grpc-timeout}s, two messages on a unary call, an empty body.
 */
final class GrpcFrameCases {

    /**
     * One malformed request.
     *
     * @param name what is wrong with it
     * @param frames the body, before any gRPC-Web-text encoding
     * @param headers extra request headers
     * @param expectation what the gateway may answer
     */
    record FrameCase(String name, byte[] frames, Map<String, String> headers, Expectation expectation) {}

    private GrpcFrameCases() {}

    /** Returns the cases for {@code method}; {@code maxRequest} is the gateway's size limit. */
    static List<FrameCase> of(GrpcMethodUnderTest method, int maxRequest) {
        final Random random = HostileSeed.random("grpc frames " + method.path());
        final byte[] valid = method.valid().toByteArray();
        final Expectation noFields = method.emptyIsValid() ? ANSWER_OR_REFUSAL : REFUSAL;
        final List<FrameCase> cases = new ArrayList<>();
        add(cases, "a valid message", GrpcFrames.frame(valid), ANSWER);
        add(cases, "an empty body (no message)", new byte[0], REFUSAL);
        add(cases, "half a length prefix", new byte[] { 0, 0, 0 }, REFUSAL);
        for (int size : new int[] { 1, 16, 300 }) {
            final byte[] noise = new byte[size];
            random.nextBytes(noise);
            add(cases, size + " random bytes", GrpcFrames.frame(noise), ANSWER_OR_REFUSAL.equals(noFields)
                                                                         ? ANSWER_OR_REFUSAL : REFUSAL);
        }
        add(cases, "the message cut in half", GrpcFrames.frame(Arrays.copyOf(valid, valid.length / 2)),
            method.emptyIsValid() ? ANSWER_OR_REFUSAL : REFUSAL);
        add(cases, "a length prefix 100 bytes longer than the message",
            GrpcFrames.frame(0, valid.length + 100L, valid), REFUSAL);
        add(cases, "a length prefix 3 bytes shorter than the message",
            GrpcFrames.frame(0, Math.max(0, valid.length - 3), valid), REFUSAL);
        add(cases, "a length prefix of 2 GiB", GrpcFrames.frame(0, Integer.MAX_VALUE, valid), REFUSAL);
        add(cases, "a message over the size limit", GrpcFrames.frame(ProtoBytes.padded(valid, maxRequest + 1024)),
            REFUSAL);
        add(cases, "the compressed flag without grpc-encoding", GrpcFrames.frame(1, valid.length, valid), REFUSAL);
        cases.add(new FrameCase("the compressed flag and grpc-encoding: gzip on a body that is not gzip",
                                GrpcFrames.frame(1, valid.length, valid), Map.of("grpc-encoding", "gzip"), REFUSAL));
        cases.add(new FrameCase("an unsupported grpc-encoding (br), compressed flag set",
                                GrpcFrames.frame(1, valid.length, valid), Map.of("grpc-encoding", "br"), REFUSAL));
        cases.add(new FrameCase("an unsupported grpc-encoding (br), uncompressed frame", GrpcFrames.frame(valid),
                                Map.of("grpc-encoding", "br"), ANSWER_OR_REFUSAL));
        add(cases, "reserved flag bits set", GrpcFrames.frame(0x02, valid.length, valid), REFUSAL);
        if (!method.serverStreaming()) {
            // grpc-java refuses this; issue 8 does not ask for it, so an answer or a clean refusal will do.
            add(cases, "two messages on a unary call", GrpcFrames.concat(GrpcFrames.frame(valid), GrpcFrames.frame(valid)),
                ANSWER_OR_REFUSAL);
        }
        for (String timeout : new String[] { "abc", "1H1", "123456789S", "-1S", "" }) {
            cases.add(new FrameCase("a malformed grpc-timeout '" + timeout + '\'', GrpcFrames.frame(valid),
                                    Map.of("grpc-timeout", timeout), ANSWER_OR_REFUSAL));
        }
        add(cases, "invalid UTF-8 in a string field",
            GrpcFrames.frame(ProtoBytes.invalidUtf8In(method.valid().getDescriptorForType())), REFUSAL);
        add(cases, "an invalid wire type", GrpcFrames.frame(ProtoBytes.invalidWireType()), REFUSAL);
        add(cases, "a varint of eleven bytes", GrpcFrames.frame(ProtoBytes.overlongVarint()), REFUSAL);
        add(cases, "a field length past the end of the message", GrpcFrames.frame(ProtoBytes.lengthPastTheEnd()),
            REFUSAL);
        add(cases, "unknown fields only", GrpcFrames.frame(ProtoBytes.unknownFieldsOnly()), noFields);
        cases.add(new FrameCase("an unsupported content type (application/grpc+xml)", GrpcFrames.frame(valid),
                                Map.of("content-type", "application/grpc+xml"), REFUSAL));
        return cases;
    }

    private static void add(List<FrameCase> cases, String name, byte[] frames, Expectation expectation) {
        cases.add(new FrameCase(name, frames, Map.of(), expectation));
    }
}
