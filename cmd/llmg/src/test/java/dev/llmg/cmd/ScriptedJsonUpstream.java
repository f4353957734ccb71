package dev.llmg.cmd;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * An OpenAI-compatible server on loopback that answers each successive chat completion with the next reply of a
 * script (then the last one again), unary or streamed ({@code "stream": true}: the text split into Server-Sent
 * Events of {@value #PIECE} characters, so that partial values can be seen), and records every request body.
 * It speaks Anthropic's Messages API too ({@code POST /v1/messages}, unary): a content reply, which must then be
 * a JSON object, comes back as the input of a call of the tool the request forced, as Claude answers a schema.
 */
final class ScriptedJsonUpstream extends ServerExtension {

    /** How many characters of content or arguments each streamed event carries. */
    static final int PIECE = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private volatile Reply last = Reply.content("{}");

    /**
     * One scripted answer: content, or one tool call, and how it ended.
     *
     * @param content the message's text; null for a tool call
     * @param toolName the called tool; null for content
     * @param arguments the tool call's arguments text
     * @param finishReason OpenAI's finish reason
     */
    record Reply(String content, String toolName, String arguments, String finishReason) {

        /** Returns an answer with {@code content} that ended naturally. */
        static Reply content(String content) {
            return new Reply(content, null, null, "stop");
        }

        /** Returns an answer with {@code content} cut off at the token limit. */
        static Reply cutOff(String content) {
            return new Reply(content, null, null, "length");
        }

        /** Returns an answer that calls {@code tool} with {@code arguments}. */
        static Reply toolCall(String tool, String arguments) {
            return new Reply(null, tool, arguments, "tool_calls");
        }
    }

    /** Forgets what was received and replaces the script with {@code replies}. */
    void script(Reply... replies) {
        requests.clear();
        script.clear();
        script.addAll(List.of(replies));
        last = replies[replies.length - 1];
    }

    /** Returns the bodies of the requests received since the last {@link #script}, oldest first. */
    List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    /** Returns the {@code providers:} entry that names this upstream {@code name}. */
    String providerYaml(String name) {
        return "  " + name + ": {type: openai, base_url: " + httpUri() + "/v1, api_key: sk-test}\n";
    }

    @Override
    protected void configure(ServerBuilder sb) {
        sb.service("/v1/chat/completions", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(request -> {
            final JsonNode body = readOrNull(request.contentUtf8());
            if (body == null) {
                return HttpResponse.of(HttpStatus.BAD_REQUEST);
            }
            requests.add(body);
            final Reply polled = script.poll();
            final Reply reply = polled != null ? polled : last;
            return body.path("stream").asBoolean() ? streamed(reply) : unary(reply);
        })));
        sb.service("/v1/messages", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(request -> {
            final JsonNode body = readOrNull(request.contentUtf8());
            if (body == null) {
                return HttpResponse.of(HttpStatus.BAD_REQUEST);
            }
            requests.add(body);
            final Reply polled = script.poll();
            final Reply reply = polled != null ? polled : last;
            final JsonNode input = readOrNull(reply.content());
            if (input == null) {
                return HttpResponse.of(HttpStatus.BAD_REQUEST);
            }
            final ObjectNode answer = JSON.createObjectNode().put("id", "msg_scripted").put("type", "message")
                                          .put("role", "assistant").put("model", "claude-scripted");
            answer.putArray("content").addObject().put("type", "tool_use").put("id", "toolu_1")
                  .put("name", body.path("tool_choice").path("name").asText()).set("input", input);
            answer.put("stop_reason", "tool_use").putNull("stop_sequence");
            answer.putObject("usage").put("input_tokens", 9).put("output_tokens", 9);
            return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, "content-type", MediaType.JSON.toString()),
                                   HttpData.ofUtf8(answer.toString()));
        })));
    }

    private static JsonNode readOrNull(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    private static HttpResponse unary(Reply reply) {
        final ObjectNode answer = JSON.createObjectNode().put("id", "chatcmpl-scripted")
                                      .put("object", "chat.completion").put("created", 1)
                                      .put("model", "gpt-4o-mini");
        final ObjectNode choice = answer.putArray("choices").addObject().put("index", 0);
        final ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (reply.toolName() == null) {
            message.put("content", reply.content());
        } else {
            message.putNull("content");
            toolCall(message.putArray("tool_calls").addObject(), reply.toolName(), reply.arguments());
        }
        choice.put("finish_reason", reply.finishReason());
        answer.putObject("usage").put("prompt_tokens", 9).put("completion_tokens", 9).put("total_tokens", 18);
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, "content-type", MediaType.JSON.toString()),
                               HttpData.ofUtf8(answer.toString()));
    }

    private static HttpResponse streamed(Reply reply) {
        final List<HttpData> events = new ArrayList<>();
        final ObjectNode first = JSON.createObjectNode().put("role", "assistant");
        final String text;
        if (reply.toolName() == null) {
            first.put("content", "");
            text = reply.content();
        } else {
            toolCall(first.putArray("tool_calls").addObject().put("index", 0), reply.toolName(), "");
            text = reply.arguments();
        }
        events.add(event(first, null));
        for (int at = 0; at < text.length(); at += PIECE) {
            final String piece = text.substring(at, Math.min(text.length(), at + PIECE));
            final ObjectNode delta = JSON.createObjectNode();
            if (reply.toolName() == null) {
                delta.put("content", piece);
            } else {
                delta.putArray("tool_calls").addObject().put("index", 0).putObject("function")
                     .put("arguments", piece);
            }
            events.add(event(delta, null));
        }
        events.add(event(JSON.createObjectNode(), reply.finishReason()));
        events.add(HttpData.ofUtf8("data: [DONE]\n\n"));
        final HttpResponseWriter stream = HttpResponse.streaming();
        stream.write(ResponseHeaders.of(HttpStatus.OK, "content-type", MediaType.EVENT_STREAM.toString()));
        events.forEach(stream::write); // one frame per event, as a provider sends them
        stream.close();
        return stream;
    }

    private static void toolCall(ObjectNode call, String name, String arguments) {
        call.put("id", "call_1").put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
    }

    private static HttpData event(ObjectNode delta, String finishReason) {
        final ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-scripted")
                                     .put("object", "chat.completion.chunk").put("created", 1)
                                     .put("model", "gpt-4o-mini");
        final ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return HttpData.ofUtf8("data: " + chunk + "\n\n");
    }
}
