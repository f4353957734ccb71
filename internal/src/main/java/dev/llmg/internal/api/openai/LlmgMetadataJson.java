package dev.llmg.internal.api.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.api.gateway.v1.GatewayMetadata;

/**
 * Adds llmg's own metadata (who served the answer, attempts, the gateway's overhead) to an OpenAI answer as a
 * top-level {@code llmg} object.
 *
 * <p>OpenAI's SDKs ignore fields they do not know, so callers that want it can read it and the others see no
 * difference. It is the canonical {@link GatewayMetadata} in proto3 JSON with the proto's field names, the
 * same fields every other surface returns, rather than a second hand-written shape.
 */
final class LlmgMetadataJson {

    /** The name of the non-standard top-level field. */
    static final String FIELD = "llmg";

    private static final JsonFormat.Printer PRINTER =
            JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();

    private LlmgMetadataJson() {}

    /** Sets {@code llmg} on {@code answer} when the metadata holds anything. */
    static void put(ObjectNode answer, GatewayMetadata gateway) {
        if (gateway.equals(GatewayMetadata.getDefaultInstance())) {
            return;
        }
        try {
            answer.putRawValue(FIELD, new RawValue(PRINTER.print(gateway)));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("GatewayMetadata always prints as JSON", e);
        }
    }
}
