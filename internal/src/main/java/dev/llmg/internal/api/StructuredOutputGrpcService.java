package dev.llmg.internal.api;

import static java.util.Objects.requireNonNull;

import javax.inject.Inject;

import dev.llmg.api.gateway.v1.ExtractJsonRequest;
import dev.llmg.api.gateway.v1.ExtractJsonResponse;
import dev.llmg.api.gateway.v1.StructuredOutputServiceGrpc;
import dev.llmg.internal.schema.JsonSchemaCheck;
import dev.llmg.internal.structured.AnswerChecker;
import dev.llmg.spi.GatewayException;
import io.grpc.stub.StreamObserver;

/**
 * Serves {@code gatewayapi.v1.StructuredOutputService} (and {@code POST /api/v1/structured/extract}): llmg's
 * reader and validator on a caller's own text, for answers of models that cannot answer in JSON. The schema is
 * held to the same limits as a chat request's, and the text to a size the reader works through in well under a
 * millisecond per kilobyte, so the work stays on the event loop.
 */
final class StructuredOutputGrpcService extends StructuredOutputServiceGrpc.StructuredOutputServiceImplBase {

    /** The longest text read, in characters. */
    static final int MAX_TEXT = 262_144;

    private final AnswerChecker checker;

    @Inject
    StructuredOutputGrpcService(AnswerChecker checker) {
        this.checker = requireNonNull(checker, "checker");
    }

    @Override
    public void extractJson(ExtractJsonRequest request, StreamObserver<ExtractJsonResponse> observer) {
        if (request.getText().isEmpty()) {
            observer.onError(GatewayException.invalidArgument("text", "text is required: the text that holds the "
                                                                      + "JSON value"));
            return;
        }
        if (request.getText().length() > MAX_TEXT) {
            observer.onError(GatewayException.invalidArgument("text", "text must be at most " + MAX_TEXT
                                                                      + " characters, not " + request.getText().length()));
            return;
        }
        final boolean schema = request.hasJsonSchema() && request.getJsonSchema().hasSchema();
        try {
            if (schema) {
                JsonSchemaCheck.check(request.getJsonSchema().getSchema(), "json_schema.schema");
            }
        } catch (GatewayException e) {
            observer.onError(e);
            return;
        }
        observer.onNext(checker.extract(request.getText(), schema ? request.getJsonSchema().getSchema() : null));
        observer.onCompleted();
    }
}
