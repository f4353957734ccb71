package dev.llmg.internal.api.streaming;

import com.linecorp.armeria.common.stream.DefaultStreamMessage;

import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;

/**
 * Stands in for a provider's stream in adapter tests: the test writes pieces into it and reads how many
 * pieces the adapter has asked for so far, which is what a provider that honours demand would produce.
 */
public final class TestSource extends DefaultStreamMessage<StreamChatCompletionResponse> {

    private long requested;

    /** Returns how many pieces the subscriber has asked for since it subscribed. */
    public long requested() {
        return requested;
    }

    @Override
    protected void onRequest(long n) {
        requested = n == Long.MAX_VALUE || requested + n < 0 ? Long.MAX_VALUE : requested + n;
    }

    /** Returns a piece that adds {@code text} to the first choice. */
    public static StreamChatCompletionResponse piece(String text) {
        return StreamChatCompletionResponse.newBuilder().setId("chatcmpl-test").setModel("test")
                                           .addChoices(ChoiceDelta.newBuilder().setDelta(
                                                   Delta.newBuilder().setContent(text)))
                                           .build();
    }
}
