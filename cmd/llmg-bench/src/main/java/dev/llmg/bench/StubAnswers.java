package dev.llmg.bench;

import java.nio.charset.StandardCharsets;

import com.linecorp.armeria.common.HttpData;

/**
 * Holds the upstream stub's answers, serialised once at start-up so that the stub spends no time per request
 * on JSON: a {@code chat.completion} and the events of a streamed one.
 */
final class StubAnswers {

    private static final String ID = "chatcmpl-bench";

    final HttpData completion;
    final HttpData[] chunks;
    final HttpData usageChunk;
    final HttpData done;

    StubAnswers(int chunkCount) {
        completion = utf8("{\"id\":\"" + ID + "\",\"object\":\"chat.completion\",\"created\":1700000000,"
                          + "\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                          + "\"content\":\"Hello from the upstream stub.\"},\"finish_reason\":\"stop\"}],"
                          + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19}}");
        chunks = new HttpData[chunkCount];
        for (int i = 0; i < chunkCount; i++) {
            final String delta = i == 0 ? "{\"role\":\"assistant\",\"content\":\"w0 \"}" : "{\"content\":\"w" + i + " \"}";
            final String finish = i == chunkCount - 1 ? "\"stop\"" : "null";
            chunks[i] = event("{\"id\":\"" + ID + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                              + "\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"delta\":" + delta
                              + ",\"finish_reason\":" + finish + "}]}");
        }
        usageChunk = event("{\"id\":\"" + ID + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                           + "\"model\":\"bench-model\",\"choices\":[],"
                           + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + chunkCount
                           + ",\"total_tokens\":" + (12 + chunkCount) + "}}");
        done = utf8("data: [DONE]\n\n");
    }

    private static HttpData event(String json) {
        return utf8("data: " + json + "\n\n");
    }

    private static HttpData utf8(String text) {
        return HttpData.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
