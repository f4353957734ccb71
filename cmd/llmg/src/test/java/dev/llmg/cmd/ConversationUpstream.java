package dev.llmg.cmd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

/**
 * An OpenAI-compatible server on loopback that answers every chat completion with {@code re: } and the text of the
 * request's last message, unary or streamed in pieces of four characters, and records every request, so that a test
 * sees exactly which history a turn was sent with. A streamed request whose last message contains {@code hold}
 * sends its first piece and waits for {@link #release()} (or for the gateway to cut it).
 */
final class ConversationUpstream extends ServerExtension {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> released = new CompletableFuture<>();
    private volatile CompletableFuture<Throwable> heldEnded = new CompletableFuture<>();

    /** Forgets what was received; call before each test. */
    void reset() {
        requests.clear();
        released = new CompletableFuture<>();
        heldEnded = new CompletableFuture<>();
    }

    /** Lets a held stream go on. */
    void release() {
        released.complete(null);
    }

    /** Completes when the held stream ended: null when it ended well, the cause when it was cut. */
    CompletableFuture<Throwable> heldEnded() {
        return heldEnded;
    }

    /** Returns the requests received since the last reset, oldest first. */
    List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /** Returns the messages of the last request as {@code role: text}. */
    List<String> lastSent() {
        return sent(requests.get(requests.size() - 1));
    }

    /** Returns the messages of {@code request} as {@code role: text}. */
    static List<String> sent(JsonNode request) {
        final List<String> messages = new ArrayList<>();
        request.path("messages").forEach(message -> messages.add(message.path("role").asText() + ": "
                                                                  + text(message)));
        return messages;
    }

    /** Returns the gateway configuration with gpt-4o-mini served from here (plus {@code more}). */
    String gatewayConfig(String more) {
        return String.join("\n",
                "providers:",
                "  openai: {type: openai, base_url: " + httpUri() + "/v1, api_key: sk-test}",
                "models:",
                "  - {name: gpt-4o-mini, provider: openai}",
                "  - {name: local-model, provider: openai, provider_model: local-model}",
                more,
                "");
    }

    @Override
    protected void configure(ServerBuilder sb) {
        sb.requestTimeoutMillis(0);
        sb.service("/v1/chat/completions", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(request -> {
            final JsonNode body;
            try {
                body = JSON.readTree(request.contentUtf8());
            } catch (Exception e) {
                return HttpResponse.of(HttpStatus.BAD_REQUEST);
            }
            requests.add(body);
            final JsonNode messages = body.path("messages");
            final String last = text(messages.get(messages.size() - 1));
            final String answer = "re: " + last;
            if (!body.path("stream").asBoolean()) {
                final ObjectNode completion = JSON.createObjectNode().put("id", "chatcmpl-c")
                                                  .put("object", "chat.completion").put("created", 1)
                                                  .put("model", body.path("model").asText());
                final ObjectNode choice = completion.putArray("choices").addObject().put("index", 0)
                                                    .put("finish_reason", "stop");
                choice.putObject("message").put("role", "assistant").put("content", answer);
                completion.putObject("usage").put("prompt_tokens", 9).put("completion_tokens", 3)
                          .put("total_tokens", 12);
                return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, "content-type", MediaType.JSON.toString()),
                                       HttpData.ofUtf8(completion.toString()));
            }
            final HttpResponseWriter stream = HttpResponse.streaming();
            stream.write(ResponseHeaders.of(HttpStatus.OK, "content-type", MediaType.EVENT_STREAM.toString()));
            stream.write(event("{\"role\":\"assistant\",\"content\":\"\"}", null));
            if (last.contains("hold")) {
                final CompletableFuture<Throwable> ended = heldEnded;
                stream.whenComplete().handle((ignored, cause) -> ended.complete(cause));
                ctx.whenRequestCancelled().thenAccept(ended::complete);
                stream.write(event(JSON.createObjectNode().put("content", "re: ").toString(), null));
                released.thenRun(() -> ctx.eventLoop().execute(() -> finish(stream, answer.substring(4))));
            } else {
                finish(stream, answer);
            }
            return stream;
        })));
    }

    private static void finish(HttpResponseWriter stream, String text) {
        if (!stream.isOpen()) {
            return;
        }
        for (int at = 0; at < text.length(); at += 4) {
            stream.write(event(JSON.createObjectNode().put("content", text.substring(at, Math.min(text.length(),
                                                                                              at + 4))).toString(),
                               null));
        }
        stream.write(event("{}", "stop"));
        stream.write(HttpData.ofUtf8("data: [DONE]\n\n"));
        stream.close();
    }

    private static HttpData event(String delta, String finish) {
        return HttpData.ofUtf8("data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                               + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":" + delta
                               + ",\"finish_reason\":" + (finish == null ? "null" : '"' + finish + '"')
                               + "}]}\n\n");
    }

    private static String text(JsonNode message) {
        final JsonNode content = message.path("content");
        if (content.isTextual()) {
            return content.asText();
        }
        final StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asText()));
        return text.toString();
    }
}
