package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ClientRequestContextCaptor;
import com.linecorp.armeria.client.Clients;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.websocket.WebSocketClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.logging.RequestLog;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.client.LlmgClient;
import dev.llmg.internal.openai.OpenAiFields;
import io.grpc.StatusRuntimeException;

/**
 * Every front door of the gateway, as a caller uses it, reduced to what routing tests look at: the text that
 * arrived (piece by piece for streams), the gateway's metadata of the answer, or the error that ended the call
 * as a gRPC code (read from the status, the native JSON error, or the OpenAI status and error type).
 */
enum FrontDoor {
    GRPC(false) {
        @Override
        Seen call(URI gateway, ChatRequest request) {
            return unaryGrpc(LlmgClient.connect(gateway), request);
        }
    },
    GRPC_STREAM(true) {
        @Override
        Seen call(URI gateway, ChatRequest request) {
            return streamGrpc(LlmgClient.connect(gateway), request);
        }
    },
    GRPC_WEB(false) {
        @Override
        Seen call(URI gateway, ChatRequest request) {
            return unaryGrpc(LlmgClient.connectGrpcWeb(gateway), request);
        }
    },
    GRPC_WEB_STREAM(true) {
        @Override
        Seen call(URI gateway, ChatRequest request) {
            return streamGrpc(LlmgClient.connectGrpcWeb(gateway), request);
        }
    },
    /** {@code POST /api/v1/chat/completions}, transcoded to the gRPC service. */
    REST(false) {
        @Override
        Seen call(URI gateway, ChatRequest request) {
            final AggregatedHttpResponse response = WebClient.of(gateway).execute(HttpRequest.of(
                    RequestHeaders.builder(HttpMethod.POST, "/api/v1/chat/completions")
                                  .contentType(MediaType.JSON_UTF_8).build(),
                    HttpData.ofUtf8(print(request)))).aggregate().join();
            if (response.status().code() != 200) {
                return Seen.failed(nativeError(response.contentUtf8()), "", 0)
                           .because(nativeMessage(response.contentUtf8())).with(response.headers()::get);
            }
            final CreateChatCompletionResponse answer = parse(response.contentUtf8(),
                                                              CreateChatCompletionResponse.newBuilder());
            return Seen.answered(textOf(answer), 1, answer.getGateway()).parsing(parsedOf(answer), List.of())
                       .with(response.headers()::get);
        }
    },
    /** {@code POST /api/v1/chat/completions:stream}: Server-Sent Events. */
    SSE(true) {
        @Override
        Seen call(URI gateway, ChatRequest request) {
            final AggregatedHttpResponse response =
                    SseReader.postWhole(gateway, MediaType.JSON_UTF_8, print(request));
            if (response.status().code() != 200) {
                return Seen.failed(nativeError(response.contentUtf8()), "", 0)
                           .because(nativeMessage(response.contentUtf8())).with(response.headers()::get);
            }
            final Pieces pieces = new Pieces();
            for (String block : response.contentUtf8().split("\n\n")) {
                final String data = block.substring(block.indexOf("data: ") + 6);
                if (block.startsWith("event: error")) {
                    return pieces.failed(nativeError(data)).because(nativeMessage(data))
                                 .with(response.headers()::get);
                }
                if (!block.startsWith("event: done")) {
                    pieces.add(parse(data, StreamChatCompletionResponse.newBuilder()));
                }
            }
            return pieces.answered().with(response.headers()::get);
        }
    },
    /** {@code POST /v1/chat/completions} with the official OpenAI Java SDK. */
    OPENAI(false) {
        @Override
        Seen call(URI gateway, ChatRequest request) {
            try (HttpResponseFor<ChatCompletion> response =
                         openAi(gateway).chat().completions().withRawResponse().create(OpenAiParams.of(request))) {
                final ChatCompletion completion = response.parse();
                return Seen.answered(completion.choices().get(0).message().content().orElse(""), 1,
                                     llmg(completion._additionalProperties())).with(headerOf(response.headers()));
            } catch (OpenAIServiceException e) {
                return Seen.failed(codeOfHttpStatus(e.statusCode()), "", 0).because(e.getMessage())
                           .with(headerOf(e.headers()));
            }
        }
    },
    /** {@code POST /v1/chat/completions} with {@code "stream": true} (and usage) with the OpenAI Java SDK. */
    OPENAI_STREAM(true) {
        @Override
        Seen call(URI gateway, ChatRequest request) {
            final StringBuilder text = new StringBuilder();
            int pieces = 0;
            String finishReason = null;
            GatewayMetadata metadata = null;
            Value parsed = null;
            final List<Value> partials = new ArrayList<>();
            final ChatCompletionCreateParams params = OpenAiParams.of(request).toBuilder().streamOptions(
                    ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
            Function<String, String> headers = name -> null;
            try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> response =
                         openAi(gateway).chat().completions().withRawResponse().createStreaming(params);
                 StreamResponse<ChatCompletionChunk> stream = response.parse()) {
                headers = headerOf(response.headers());
                final Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
                while (chunks.hasNext()) {
                    final ChatCompletionChunk chunk = chunks.next();
                    final String content = chunk.choices().isEmpty() ? ""
                                                                     : chunk.choices().get(0).delta().content()
                                                                            .orElse("");
                    if (!content.isEmpty()) {
                        text.append(content);
                        pieces++;
                    }
                    if (!chunk.choices().isEmpty() && chunk.choices().get(0).finishReason().isPresent()) {
                        finishReason = chunk.choices().get(0).finishReason().get().toString();
                    }
                    if (!chunk.choices().isEmpty()
                        && chunk.choices().get(0)._additionalProperties().containsKey("llmg")) {
                        final JsonNode values = JSON.readTree(ObjectMappers.jsonMapper().writeValueAsString(
                                chunk.choices().get(0)._additionalProperties().get("llmg")));
                        if (values.has("partial")) {
                            partials.add(valueFrom(values.get("partial")));
                        }
                        if (values.has("parsed")) {
                            parsed = valueFrom(values.get("parsed"));
                        }
                    }
                    if (chunk._additionalProperties().containsKey("llmg")) {
                        metadata = llmg(chunk._additionalProperties());
                    }
                }
            } catch (SseException e) {
                return Seen.failed(codeOfOpenAiType(e.type().orElse("")), text.toString(), pieces).with(headers)
                           .finishing(finishReason).because(e.getMessage());
            } catch (OpenAIServiceException e) {
                return Seen.failed(codeOfHttpStatus(e.statusCode()), text.toString(), pieces)
                           .because(e.getMessage()).with(headerOf(e.headers()));
            } catch (JsonProcessingException e) {
                throw new AssertionError("an llmg object that is not JSON", e);
            }
            return (metadata == null ? Seen.failed("(no llmg metadata in the last chunk)", text.toString(), pieces)
                                     : Seen.answered(text.toString(), pieces, metadata)).with(headers)
                                                                                        .finishing(finishReason)
                                                                                        .parsing(parsed, partials);
        }
    },
    /** {@code chat.request} on the WebSocket {@code /api/v1/ws}. */
    WEBSOCKET(true) {
        @Override
        Seen call(URI gateway, ChatRequest request) {
            final WsClient ws = WsClient.of(WebSocketClient.builder(gateway).factory(wsFactory()).build()
                                                           .connect(WsClient.PATH).join());
            try {
                final String id = UUID.randomUUID().toString();
                ws.request(id, request);
                final Pieces pieces = new Pieces();
                for (JsonNode message : ws.streamOf(id, new ArrayList<>())) {
                    switch (message.path("type").asText()) {
                        case "chat.chunk":
                            pieces.add(parse(message.path("chunk").toString(),
                                             StreamChatCompletionResponse.newBuilder()));
                            break;
                        case "chat.error":
                            return pieces.failed(message.path("error").path("grpc-code").asText())
                                         .because(message.path("error").path("message").asText());
                        default:
                            break; // chat.done
                    }
                }
                return pieces.answered();
            } finally {
                ws.close();
            }
        }
    };

    /**
     * What a caller saw.
     *
     * @param text the answer's text; for a stream that failed, the text that arrived before the error
     * @param pieces how many pieces with text arrived (1 for a unary answer)
     * @param finishReason how a stream's last piece said the answer ended, e.g. {@code stop} or {@code error}
     *                     (OpenAI's names); null for a unary answer, or when no piece said
     * @param gateway the answer's metadata (a stream's last piece); null when the call failed
     * @param error the gRPC code name of the error that ended the call; null when it was answered
     * @param headers the routing headers ({@link #ROUTING_HEADERS}) of the response; none on the WebSocket,
     *                whose one response carries many calls
     * @param parsed the first choice's parsed JSON value where the door shows it (native answers, a stream's
     *               finishing piece, {@code llmg.parsed} on {@code /v1} chunks); null otherwise
     * @param partials the first choice's partial values, piece by piece, as a stream carried them
     * @param message the error's message; null when it was answered
     */
    record Seen(String text, int pieces, String finishReason, GatewayMetadata gateway, String error,
                Map<String, String> headers, Value parsed, List<Value> partials, String message) {

        static Seen answered(String text, int pieces, GatewayMetadata gateway) {
            return new Seen(text, pieces, null, gateway, null, Map.of(), null, List.of(), null);
        }

        static Seen failed(String code, String text, int pieces) {
            return new Seen(text, pieces, null, null, code, Map.of(), null, List.of(), null);
        }

        /** Returns this with the finish reason a stream's last piece said. */
        Seen finishing(String reason) {
            return new Seen(text, pieces, reason, gateway, error, headers, parsed, partials, message);
        }

        /** Returns this with the parsed value and the partial values the answer carried. */
        Seen parsing(Value value, List<Value> partialValues) {
            return new Seen(text, pieces, finishReason, gateway, error, headers, value, List.copyOf(partialValues),
                            message);
        }

        /** Returns this with the error's message. */
        Seen because(String errorMessage) {
            return new Seen(text, pieces, finishReason, gateway, error, headers, parsed, partials, errorMessage);
        }

        /** Returns this with the routing headers that {@code header} finds. */
        Seen with(Function<String, String> header) {
            final Map<String, String> found = new HashMap<>();
            for (String name : ROUTING_HEADERS) {
                final String value = header.apply(name);
                if (value != null) {
                    found.put(name, value);
                }
            }
            return new Seen(text, pieces, finishReason, gateway, error, Map.copyOf(found), parsed, partials,
                            message);
        }
    }

    /** The headers that name a call's routing on every HTTP front door and in gRPC response headers. */
    static final List<String> ROUTING_HEADERS =
            List.of("x-llmg-model", "x-llmg-provider", "x-llmg-attempts", "x-llmg-route");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Integer, String> CODES_BY_HTTP_STATUS = Map.of(
            400, "INVALID_ARGUMENT", 401, "UNAUTHENTICATED", 403, "PERMISSION_DENIED", 404, "NOT_FOUND",
            429, "RESOURCE_EXHAUSTED", 499, "CANCELLED", 500, "INTERNAL", 503, "UNAVAILABLE",
            504, "DEADLINE_EXCEEDED");
    private static final Map<String, String> CODES_BY_OPENAI_TYPE = Map.of(
            "invalid_request_error", "INVALID_ARGUMENT", "authentication_error", "UNAUTHENTICATED",
            "permission_error", "PERMISSION_DENIED", "rate_limit_error", "RESOURCE_EXHAUSTED",
            "service_unavailable", "UNAVAILABLE", "server_error", "INTERNAL");
    private static OpenAIClient openAi;
    private static URI openAiGateway;
    private static ClientFactory wsFactory;

    private final boolean streamed;

    FrontDoor(boolean streamed) {
        this.streamed = streamed;
    }

    /** Returns whether the door streams its answers. */
    boolean streamed() {
        return streamed;
    }

    /** Asks {@code model} for an answer through this door and returns what the caller saw. */
    Seen call(URI gateway, String model) {
        return call(gateway, request(model));
    }

    /**
     * Sends {@code request} through this door, in the door's own shape, and returns what the caller saw; on
     * {@code /v1} its response format, tools and structured output options go as OpenAI's JSON and the
     * {@code llmg} extension.
     */
    abstract Seen call(URI gateway, ChatRequest request);

    /** Returns the request every door sends, in its own shape. */
    static ChatRequest request(String model) {
        return ask(model, "Say hello");
    }

    private static Seen unaryGrpc(LlmgClient client, ChatRequest request) {
        try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
            Seen seen;
            try {
                final CreateChatCompletionResponse answer = client.complete(request);
                seen = Seen.answered(textOf(answer), 1, answer.getGateway()).parsing(parsedOf(answer), List.of());
            } catch (StatusRuntimeException e) {
                seen = Seen.failed(e.getStatus().getCode().name(), "", 0).because(e.getStatus().getDescription());
            }
            return seen.with(grpcHeaders(captor));
        }
    }

    private static Seen streamGrpc(LlmgClient client, ChatRequest request) {
        try (ClientRequestContextCaptor captor = Clients.newContextCaptor()) {
            final Pieces pieces = new Pieces();
            Seen seen;
            try {
                final Iterator<StreamChatCompletionResponse> stream = client.stream(request);
                while (stream.hasNext()) {
                    pieces.add(stream.next());
                }
                seen = pieces.answered();
            } catch (StatusRuntimeException e) {
                seen = pieces.failed(e.getStatus().getCode().name()).because(e.getStatus().getDescription());
            }
            return seen.with(grpcHeaders(captor));
        }
    }

    /** Returns the headers of the gRPC call {@code captor} caught; a call that fails at once has only trailers. */
    private static Function<String, String> grpcHeaders(ClientRequestContextCaptor captor) {
        final RequestLog log = captor.get().log().whenComplete().join();
        return name -> {
            final String value = log.responseHeaders().get(name);
            return value != null ? value : log.responseTrailers().get(name);
        };
    }

    private static Function<String, String> headerOf(Headers headers) {
        return name -> headers.values(name).isEmpty() ? null : headers.values(name).get(0);
    }

    private static String textOf(CreateChatCompletionResponse answer) {
        final StringBuilder text = new StringBuilder();
        for (ContentPart part : answer.getChoices(0).getMessage().getContentList()) {
            text.append(part.getText());
        }
        return text.toString();
    }

    /** Closes the clients the doors keep between calls (the OpenAI SDK's, the WebSocket connections). */
    static synchronized void closeClients() {
        if (openAi != null) {
            openAi.close();
            openAi = null;
        }
        if (wsFactory != null) {
            wsFactory.closeAsync();
            wsFactory = null;
        }
    }

    /** Returns the SDK's client for the gateway; one for all calls, and it never retries by itself. */
    private static synchronized OpenAIClient openAi(URI gateway) {
        if (openAi == null || !gateway.equals(openAiGateway)) {
            if (openAi != null) {
                openAi.close();
            }
            openAi = OpenAIOkHttpClient.builder().baseUrl(gateway + "/v1").apiKey("sk-llmg-test").maxRetries(0)
                                       .build();
            openAiGateway = gateway;
        }
        return openAi;
    }

    /** Returns the WebSocket connections' own factory: over a pooled HTTP/2 connection the upgrade would fail. */
    private static synchronized ClientFactory wsFactory() {
        if (wsFactory == null) {
            wsFactory = ClientFactory.builder().build();
        }
        return wsFactory;
    }

    private static Value valueFrom(JsonNode json) {
        return parse(json.toString(), Value.newBuilder());
    }

    private static Value parsedOf(CreateChatCompletionResponse answer) {
        return answer.getChoicesCount() > 0 && answer.getChoices(0).hasParsed() ? answer.getChoices(0).getParsed()
                                                                                 : null;
    }

    private static GatewayMetadata llmg(Map<String, JsonValue> additional) {
        try {
            return parse(ObjectMappers.jsonMapper().writeValueAsString(additional.get("llmg")),
                         GatewayMetadata.newBuilder());
        } catch (Exception e) {
            throw new AssertionError("no readable llmg object in " + additional, e);
        }
    }

    private static String nativeError(String json) {
        try {
            return JSON.readTree(json).path("grpc-code").asText("(no grpc-code in " + json + ')');
        } catch (Exception e) {
            return "(not JSON: " + json + ')';
        }
    }

    private static String nativeMessage(String json) {
        try {
            return JSON.readTree(json).path("message").asText(json);
        } catch (Exception e) {
            return json;
        }
    }

    private static String codeOfHttpStatus(int status) {
        return CODES_BY_HTTP_STATUS.getOrDefault(status, "HTTP " + status);
    }

    private static String codeOfOpenAiType(String type) {
        return CODES_BY_OPENAI_TYPE.getOrDefault(type, "(OpenAI error type '" + type + "')");
    }

    private static String print(Message message) {
        try {
            return JsonFormat.printer().print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <B extends Message.Builder, M extends Message> M parse(String json, B builder) {
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(json, builder);
            return (M) builder.build();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not the expected message: " + json, e);
        }
    }

    /** Collects a stream's pieces: their text, and the metadata of the last. */
    private static final class Pieces {
        private final StringBuilder text = new StringBuilder();
        private int count;
        private String finishReason;
        private GatewayMetadata gateway;
        private Value parsed;
        private final List<Value> partials = new ArrayList<>();

        void add(StreamChatCompletionResponse piece) {
            if (piece.getChoicesCount() > 0 && piece.getChoices(0).hasPartial()) {
                partials.add(piece.getChoices(0).getPartial());
            }
            if (piece.getChoicesCount() > 0 && piece.getChoices(0).hasParsed()) {
                parsed = piece.getChoices(0).getParsed();
            }
            if (piece.getChoicesCount() > 0 && !piece.getChoices(0).getDelta().getContent().isEmpty()) {
                text.append(piece.getChoices(0).getDelta().getContent());
                count++;
            }
            if (piece.getChoicesCount() > 0
                && piece.getChoices(0).getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED) {
                finishReason = OpenAiFields.finishReasonName(piece.getChoices(0).getFinishReason());
            }
            if (piece.hasGateway()) {
                gateway = piece.getGateway();
            }
        }

        Seen answered() {
            return (gateway == null ? Seen.failed("(no gateway metadata in the last piece)", text.toString(), count)
                                    : Seen.answered(text.toString(), count, gateway)).finishing(finishReason)
                                                                                    .parsing(parsed, partials);
        }

        /** Returns the failure, with the metadata of a last piece that came before it, if one did. */
        Seen failed(String code) {
            return new Seen(text.toString(), count, finishReason, gateway, code, Map.of(), parsed, partials, null);
        }
    }
}
