package dev.llmg.cmd.hostile;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

/**
 * A provider that misbehaves as badly as it can with its caller's credentials: it echoes whatever arrived in
 * {@code Authorization}, {@code x-api-key} and {@code api-key} in every field the gateway might pass on. It
 * speaks OpenAI ({@code /openai/v1}), Azure OpenAI ({@code /azure/openai/v1}) and Anthropic
 * ({@code /anthropic/v1/messages}), and answers by the scenario word in the request's text:
 * <ul>
 *   <li>{@code echo-401}: a 401 whose JSON error has the credentials as message, type, param and code;</li>
 *   <li>{@code echo-401-text}: a 401 whose body is plain text holding them;</li>
 *   <li>{@code echo-429}: a 429 like {@code echo-401}, with a Retry-After;</li>
 *   <li>{@code echo-stream-error}: a stream whose first chunk has them as id and model, then an error event
 *       made of them (a unary request gets the 200 answer);</li>
 *   <li>anything else: a 200 answer (or stream) whose id and model are the credentials.</li>
 * </ul>
 * Every answer also carries them in {@code x-request-id}, {@code request-id}, {@code apim-request-id} and
 * {@code www-authenticate}.
 */
final class CredentialEchoUpstream extends ServerExtension {

    static final String OPENAI_KEY = "sk-hostile-openai-7f3a9c1e5b2d4086aa";
    static final String AZURE_KEY = "0f9e8d7c6b5a49382716aabbccddeeff";
    static final String ANTHROPIC_KEY = "sk-ant-hostile-4c8e2a6f1b3d5079bb";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Queue<String> bodies = new ConcurrentLinkedQueue<>();

    /** Returns whether a request holding {@code marker} arrived. */
    boolean received(String marker) {
        return bodies.stream().anyMatch(body -> body.contains(marker));
    }

    /** Returns the gateway's providers and models: one model per provider type, each with its own key. */
    String gatewayConfig() {
        return String.join("\n",
                "providers:",
                "  simulator: {type: simulator}",
                "  openai: {type: openai, base_url: \"" + httpUri() + "/openai/v1\", api_key: " + OPENAI_KEY + '}',
                "  azure: {type: azure, endpoint: \"" + httpUri() + "/azure\", url_style: v1, api_key: " + AZURE_KEY + '}',
                "  anthropic: {type: anthropic, base_url: \"" + httpUri() + "/anthropic/v1\", api_key: "
                + ANTHROPIC_KEY + '}',
                "models:",
                "  - {name: " + BaseRequests.MODEL + ", provider: simulator}",
                "  - {name: echo-openai, provider: openai}",
                "  - {name: echo-azure, provider: azure}",
                "  - {name: echo-anthropic, provider: anthropic, provider_model: claude-echo}",
                // Every call must reach this upstream, or the check proves nothing: no breaker opens, no retry.
                "routing:",
                "  retry: {attempts: 1}",
                "  breaker: {consecutive_failures: 0, minimum_requests: 1000000}",
                "");
    }

    @Override
    protected void configure(ServerBuilder sb) {
        sb.service("/openai/v1/chat/completions", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(this::openAiChat)));
        sb.service("/azure/openai/v1/chat/completions", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(this::openAiChat)));
        sb.service("/openai/v1/embeddings", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(this::embeddings)));
        sb.service("/azure/openai/v1/embeddings", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(this::embeddings)));
        sb.service("/anthropic/v1/messages", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(this::anthropic)));
    }

    private HttpResponse openAiChat(AggregatedHttpRequest request) {
        final String echo = credentials(request);
        final HttpResponse error = error(request, echo, false);
        if (error != null) {
            return error;
        }
        if (!request.contentUtf8().contains("\"stream\":true")) {
            final ObjectNode answer = NODES.objectNode().put("id", echo).put("object", "chat.completion")
                                           .put("created", 1).put("model", echo).put("system_fingerprint", echo);
            answer.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                  .putObject("message").put("role", "assistant").put("content", "fine");
            answer.putObject("usage").put("prompt_tokens", 1).put("completion_tokens", 1).put("total_tokens", 2);
            return json(HttpStatus.OK, echo, answer.toString());
        }
        final ObjectNode chunk = NODES.objectNode().put("id", echo).put("object", "chat.completion.chunk")
                                      .put("created", 1).put("model", echo);
        chunk.putArray("choices").addObject().put("index", 0).putNull("finish_reason")
             .putObject("delta").put("role", "assistant").put("content", "fine");
        final String end = request.contentUtf8().contains("echo-stream-error")
                           ? "data: {\"error\":" + errorObject(echo) + "}\n\n"
                           : "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"x\","
                             + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        return eventStream(echo, "data: " + chunk + "\n\n" + end);
    }

    private HttpResponse embeddings(AggregatedHttpRequest request) {
        final String echo = credentials(request);
        final HttpResponse error = error(request, echo, false);
        if (error != null) {
            return error;
        }
        final ObjectNode answer = NODES.objectNode().put("object", "list").put("model", echo);
        answer.putArray("data").addObject().put("object", "embedding").put("index", 0)
              .putArray("embedding").add(0.6).add(0.8);
        answer.putObject("usage").put("prompt_tokens", 1).put("total_tokens", 1);
        return json(HttpStatus.OK, echo, answer.toString());
    }

    private HttpResponse anthropic(AggregatedHttpRequest request) {
        final String echo = credentials(request);
        final HttpResponse error = error(request, echo, true);
        if (error != null) {
            return error;
        }
        final ObjectNode message = NODES.objectNode().put("id", echo).put("type", "message").put("role", "assistant")
                                        .put("model", echo).put("stop_reason", "end_turn");
        message.putObject("usage").put("input_tokens", 1).put("output_tokens", 1);
        if (!request.contentUtf8().contains("\"stream\":true")) {
            message.putArray("content").addObject().put("type", "text").put("text", "fine");
            return json(HttpStatus.OK, echo, message.toString());
        }
        message.putArray("content");
        final StringBuilder events = new StringBuilder()
                .append(event("message_start", "{\"type\":\"message_start\",\"message\":" + message + '}'))
                .append(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                                                     + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"))
                .append(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                                                     + "\"delta\":{\"type\":\"text_delta\",\"text\":\"fine\"}}"));
        if (request.contentUtf8().contains("echo-stream-error")) {
            events.append(event("error", "{\"type\":\"error\",\"error\":" + errorObject(echo) + '}'));
        } else {
            events.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"))
                  .append(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                                                 + "\"usage\":{\"output_tokens\":1}}"))
                  .append(event("message_stop", "{\"type\":\"message_stop\"}"));
        }
        return eventStream(echo, events.toString());
    }

    /** Returns the error the scenario asks for, or null for an answer. */
    private HttpResponse error(AggregatedHttpRequest request, String echo, boolean anthropic) {
        final String body = request.contentUtf8();
        if (body.contains("echo-401-text")) {
            return HttpResponse.of(headers(HttpStatus.UNAUTHORIZED, echo).contentType(MediaType.PLAIN_TEXT_UTF_8).build(),
                                   HttpData.ofUtf8("invalid credentials: " + echo));
        }
        final HttpStatus status = body.contains("echo-401") ? HttpStatus.UNAUTHORIZED
                                : body.contains("echo-429") ? HttpStatus.TOO_MANY_REQUESTS : null;
        if (status == null) {
            return null;
        }
        final String error = anthropic ? "{\"type\":\"error\",\"error\":" + errorObject(echo) + '}'
                                       : "{\"error\":" + errorObject(echo) + '}';
        return HttpResponse.of(headers(status, echo).add("retry-after", "1").contentType(MediaType.JSON).build(),
                               HttpData.ofUtf8(error));
    }

    private static String errorObject(String echo) {
        return NODES.objectNode().put("message", "invalid key " + echo).put("type", echo).put("param", echo)
                    .put("code", echo).toString();
    }

    private String credentials(AggregatedHttpRequest request) {
        bodies.add(request.contentUtf8());
        final StringBuilder echo = new StringBuilder();
        for (String name : new String[] { "authorization", "x-api-key", "api-key" }) {
            final String value = request.headers().get(name);
            if (value != null) {
                echo.append(echo.length() == 0 ? "" : " ").append(value);
            }
        }
        return echo.toString();
    }

    private static ResponseHeadersBuilder headers(HttpStatus status, String echo) {
        return ResponseHeaders.builder(status).add("x-request-id", echo).add("request-id", echo)
                              .add("apim-request-id", echo).add("www-authenticate", "Bearer realm=\"" + echo + '"');
    }

    private static HttpResponse json(HttpStatus status, String echo, String body) {
        return HttpResponse.of(headers(status, echo).contentType(MediaType.JSON).build(), HttpData.ofUtf8(body));
    }

    private static HttpResponse eventStream(String echo, String events) {
        return HttpResponse.of(headers(HttpStatus.OK, echo).contentType(MediaType.EVENT_STREAM).build(),
                               HttpData.ofUtf8(events));
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }
}
