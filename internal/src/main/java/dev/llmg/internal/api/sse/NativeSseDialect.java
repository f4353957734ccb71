package dev.llmg.internal.api.sse;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;

import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.api.ErrorJson;
import dev.llmg.internal.api.ErrorStatus;
import dev.llmg.internal.api.streaming.ChatJson;
import dev.llmg.internal.api.streaming.SseDialect;

/**
 * The native API's Server-Sent Events: {@code data:} with each {@code StreamChatCompletionResponse} as the
 * REST transcoding prints it, {@code event: done} (data {@code {}}) at the end, and llmg's JSON error, as the
 * HTTP answer before the first piece or as {@code event: error} after it.
 */
final class NativeSseDialect implements SseDialect<StreamChatCompletionResponse> {

    /** The one instance: the dialect keeps no state. */
    static final NativeSseDialect INSTANCE = new NativeSseDialect();

    private NativeSseDialect() {}

    @Override
    public String event(StreamChatCompletionResponse piece) {
        return "data: " + ChatJson.print(piece) + "\n\n";
    }

    @Override
    public String done() {
        return "event: done\ndata: {}\n\n";
    }

    @Override
    public AggregatedHttpResponse failureBeforeStart(Throwable cause) {
        final com.google.rpc.Status status = ErrorStatus.orInternal(cause);
        final HttpStatus http = ErrorStatus.httpStatus(status.getCode());
        return AggregatedHttpResponse.of(http, MediaType.JSON_UTF_8, ErrorJson.print(status));
    }

    @Override
    public String failureEvent(Throwable cause) {
        return "event: error\ndata: " + ErrorJson.print(ErrorStatus.orInternal(cause)) + "\n\n";
    }
}
