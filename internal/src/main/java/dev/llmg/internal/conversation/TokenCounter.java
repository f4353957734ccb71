package dev.llmg.internal.conversation;

import java.util.Locale;
import java.util.Optional;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ToolCall;

/**
 * Counts the tokens of messages for a model: with OpenAI's own encoding (jtokkit) where the model's name says it is
 * one of OpenAI's ({@code o200k_base} for gpt-4o, gpt-4.1, gpt-5 and the o-series; {@code cl100k_base} for gpt-4 and
 * gpt-3.5), else by an estimate of one token per four characters, which is what other tokenizers average on English
 * text. Each message adds the few tokens of its framing (OpenAI's documented 3), and an image a fixed 85 (a
 * low-detail image's price).
 */
final class TokenCounter {

    /** The tokens OpenAI's chat format adds around each message. */
    static final int PER_MESSAGE = 3;
    /** What a non-text part (an image, audio) is counted as. */
    static final int PER_MEDIA_PART = 85;

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private final Encoding encoding;
    private final String name;

    private TokenCounter(Encoding encoding, String name) {
        this.encoding = encoding;
        this.name = name;
    }

    /** Returns the counter for {@code model}: a real encoding where one fits, else the estimate. */
    static TokenCounter forModel(String model) {
        return encodingOf(model).map(type -> new TokenCounter(REGISTRY.getEncoding(type), type.getName()))
                                .orElseGet(() -> new TokenCounter(null, "estimate"));
    }

    /** Returns OpenAI's encoding of {@code model}, by its name (a provider prefix such as {@code openai/} ignored). */
    static Optional<EncodingType> encodingOf(String model) {
        final String name = model.toLowerCase(Locale.ROOT).substring(model.lastIndexOf('/') + 1);
        if (name.startsWith("gpt-4o") || name.startsWith("gpt-4.1") || name.startsWith("gpt-4.5")
            || name.startsWith("gpt-5") || name.startsWith("chatgpt-4o") || name.matches("o[1-9](-.*)?")) {
            return Optional.of(EncodingType.O200K_BASE);
        }
        if (name.startsWith("gpt-4") || name.startsWith("gpt-3.5") || name.startsWith("gpt-35")) {
            return Optional.of(EncodingType.CL100K_BASE);
        }
        return Optional.empty();
    }

    /** Returns the tokenizer's name: {@code o200k_base}, {@code cl100k_base} or {@code estimate}. */
    String name() {
        return name;
    }

    /** Returns whether counts are estimates. */
    boolean estimates() {
        return encoding == null;
    }

    /** Returns the tokens of {@code message}, with its framing. */
    int count(Message message) {
        int tokens = PER_MESSAGE + text(message.getName());
        for (ContentPart part : message.getContentList()) {
            tokens += part.hasImageUrl() ? PER_MEDIA_PART : text(part.getText());
        }
        for (ToolCall call : message.getToolCallsList()) {
            tokens += text(call.getName()) + text(call.getArguments());
        }
        return tokens + text(message.getToolCallId()) + text(message.getRefusal());
    }

    private int text(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        return encoding == null ? (text.length() + 3) / 4 : encoding.countTokensOrdinary(text);
    }
}
