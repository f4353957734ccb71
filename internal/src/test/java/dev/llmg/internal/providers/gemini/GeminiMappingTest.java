package dev.llmg.internal.providers.gemini;

import static dev.llmg.internal.providers.replay.Chat.assistantCalling;
import static dev.llmg.internal.providers.replay.Chat.call;
import static dev.llmg.internal.providers.replay.Chat.developer;
import static dev.llmg.internal.providers.replay.Chat.image;
import static dev.llmg.internal.providers.replay.Chat.mode;
import static dev.llmg.internal.providers.replay.Chat.system;
import static dev.llmg.internal.providers.replay.Chat.text;
import static dev.llmg.internal.providers.replay.Chat.toolResult;
import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.Annotation;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.api.gateway.v1.UrlCitation;
import dev.llmg.api.gateway.v1.WebSearchOptions;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.spi.GatewayException;

/**
 * Checks the parts of the Gemini mapping that no recording shows: sampling settings, tool-choice modes, a JSON
 * object format, image URLs, tool results that are JSON, safety stops and blocked prompts, and ids of calls.
 */
class GeminiMappingTest {

    @Test
    void samplingSettingsGoInGenerationConfig() {
        final JsonNode body = GeminiRequestMapper.toJson(ChatRequest.newBuilder().setModel("m")
                .addMessages(system("a")).addMessages(developer("b")).addMessages(user("hi"))
                .setTemperature(0.5).setTopP(0.9).setMaxTokens(64).addStop("END").setN(2).setSeed(7)
                .setPresencePenalty(0.1).setFrequencyPenalty(0.2)
                .setResponseFormat(ResponseFormat.newBuilder().setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT))
                .build());

        assertThat(body.get("systemInstruction")).isEqualTo(json("{\"parts\":[{\"text\":\"a\"},{\"text\":\"b\"}]}"));
        assertThat(body.get("generationConfig")).isEqualTo(json("{\"temperature\":0.5,\"topP\":0.9,"
                + "\"maxOutputTokens\":64,\"stopSequences\":[\"END\"],\"candidateCount\":2,\"seed\":7,"
                + "\"presencePenalty\":0.1,\"frequencyPenalty\":0.2,\"responseMimeType\":\"application/json\"}"));
    }

    @Test
    void toolChoiceModes() {
        assertThat(toolConfig(ChatRequest.newBuilder().setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_AUTO))))
                .isEqualTo(json("{\"functionCallingConfig\":{\"mode\":\"AUTO\"}}"));
        assertThat(toolConfig(ChatRequest.newBuilder().setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED))))
                .isEqualTo(json("{\"functionCallingConfig\":{\"mode\":\"ANY\"}}"));
        assertThat(toolConfig(ChatRequest.newBuilder().setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_NONE))))
                .isEqualTo(json("{\"functionCallingConfig\":{\"mode\":\"NONE\"}}"));
        assertThat(toolConfig(ChatRequest.newBuilder())).isNull();
    }

    @Test
    void imagesAndToolResults() {
        final JsonNode body = GeminiRequestMapper.toJson(ChatRequest.newBuilder().setModel("m")
                .addMessages(user(text("see"), image("https://example.com/cat.PNG?x=1"), image("https://example.com/x")))
                .addMessages(assistantCalling(call("c1", "lookup", "{\"q\":\"cat\"}")))
                .addMessages(toolResult("c1", "{\"found\":true}"))
                .build());

        assertThat(body.at("/contents/0/parts/1")).isEqualTo(json(
                "{\"fileData\":{\"mimeType\":\"image/png\",\"fileUri\":\"https://example.com/cat.PNG?x=1\"}}"));
        assertThat(body.at("/contents/0/parts/2")).isEqualTo(json("{\"fileData\":{\"fileUri\":\"https://example.com/x\"}}"));
        assertThat(body.at("/contents/1")).isEqualTo(json(
                "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"lookup\",\"args\":{\"q\":\"cat\"}}}]}"));
        assertThat(body.at("/contents/2")).isEqualTo(json("{\"role\":\"user\",\"parts\":[{\"functionResponse\":"
                + "{\"name\":\"lookup\",\"response\":{\"found\":true}}}]}"));
    }

    @Test
    void onGemini3TheFirstCallOfEachStepCarriesThePlaceholderSignature() {
        final ChatRequest.Builder history = ChatRequest.newBuilder().addMessages(user("hi"))
                .addMessages(assistantCalling(call("c1", "a", "{}"), call("c2", "b", "{}")))
                .addMessages(toolResult("c1", "1")).addMessages(toolResult("c2", "2"))
                .addMessages(assistantCalling(call("c3", "a", "{}"))).addMessages(toolResult("c3", "3"));

        final JsonNode gemini3 = GeminiRequestMapper.toJson(history.clone().setModel("gemini-3-flash-preview").build());
        assertThat(gemini3.at("/contents/1/parts/0/thoughtSignature").asText())
                .isEqualTo("skip_thought_signature_validator");
        assertThat(gemini3.at("/contents/1/parts/1").has("thoughtSignature")).isFalse();
        assertThat(gemini3.at("/contents/3/parts/0/thoughtSignature").asText())
                .isEqualTo("skip_thought_signature_validator");

        final JsonNode gemini25 = GeminiRequestMapper.toJson(history.setModel("gemini-2.5-flash").build());
        assertThat(gemini25.at("/contents/1/parts/0").has("thoughtSignature")).isFalse();
    }

    @Test
    void aToolResultForAnUnknownCallIsTheCallersMistake() {
        final Throwable thrown = catchThrowable(() -> GeminiRequestMapper.toJson(ChatRequest.newBuilder().setModel("m")
                .addMessages(user("hi")).addMessages(toolResult("nope", "42")).build()));

        assertThat(thrown).isInstanceOf(GatewayException.class).hasMessageContaining("no earlier assistant message");
    }

    @Test
    void safetyStopsBlockedPromptsAndCallIds() {
        final CreateChatCompletionResponse safety = GeminiResponseMapper.toResponse(json(
                "{\"candidates\":[{\"finishReason\":\"SAFETY\",\"index\":0}]}"), "m", 1);
        assertThat(safety.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_CONTENT_FILTER);
        assertThat(safety.getModel()).isEqualTo("m");

        final CreateChatCompletionResponse blocked = GeminiResponseMapper.toResponse(json(
                "{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"}}"), "m", 1);
        assertThat(blocked.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_CONTENT_FILTER);

        final CreateChatCompletionResponse withId = GeminiResponseMapper.toResponse(json(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"id\":\"fc-9\",\"name\":\"f\"}}]},"
                + "\"finishReason\":\"STOP\"}]}"), "m", 1);
        assertThat(withId.getChoices(0).getMessage().getToolCallsList()).containsExactly(call("fc-9", "f", "{}"));
        assertThat(withId.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
    }

    @Test
    void webSearchIsGoogleSearchAndItsGroundingBecomesCitationsCountedInCharacters() {
        final JsonNode body = GeminiRequestMapper.toJson(ChatRequest.newBuilder().setModel("m").addMessages(user("hi"))
                .setWebSearchOptions(WebSearchOptions.getDefaultInstance()).setLogprobs(true).setTopLogprobs(2)
                .build());
        assertThat(body.get("tools").toString()).isEqualTo("[{\"googleSearch\":{}}]");
        assertThat(body.at("/generationConfig/responseLogprobs").asBoolean()).isTrue();
        assertThat(body.at("/generationConfig/logprobs").asInt()).isEqualTo(2);

        // Google's documented shape; "é" is two bytes in UTF-8, so byte 7 is character 6.
        final CreateChatCompletionResponse answer = GeminiResponseMapper.toResponse(json(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Marée: the tide.\"}]},"
                + "\"finishReason\":\"STOP\",\"groundingMetadata\":{\"groundingChunks\":[{\"web\":{\"uri\":"
                + "\"https://example.org/a\",\"title\":\"A\"}},{\"web\":{\"uri\":\"https://example.org/b\","
                + "\"title\":\"B\"}}],\"groundingSupports\":[{\"segment\":{\"startIndex\":7,\"endIndex\":17},"
                + "\"groundingChunkIndices\":[0]}]},\"logprobsResult\":{\"topCandidates\":[{\"candidates\":["
                + "{\"token\":\"Mar\",\"logProbability\":-0.1},{\"token\":\"Tide\",\"logProbability\":-2.5}]}],"
                + "\"chosenCandidates\":[{\"token\":\"Mar\",\"logProbability\":-0.1}]}}]}"), "m", 1);
        final Message message = answer.getChoices(0).getMessage();
        assertThat(message.getAnnotationsList()).extracting(Annotation::getUrlCitation).containsExactly(
                UrlCitation.newBuilder().setUrl("https://example.org/a").setTitle("A").setStartIndex(6)
                           .setEndIndex(16).build(),
                UrlCitation.newBuilder().setUrl("https://example.org/b").setTitle("B").build());
        assertThat(answer.getChoices(0).getLogprobs().getContent(0).getToken()).isEqualTo("Mar");
        assertThat(answer.getChoices(0).getLogprobs().getContent(0).getTopLogprobs(1).getLogprob()).isEqualTo(-2.5);
    }

    private static JsonNode toolConfig(ChatRequest.Builder request) {
        return GeminiRequestMapper.toJson(request.setModel("m").addMessages(user("hi")).build()).get("toolConfig");
    }

    private static JsonNode json(String text) {
        try {
            return Fixtures.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
