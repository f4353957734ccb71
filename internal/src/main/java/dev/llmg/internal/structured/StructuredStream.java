package dev.llmg.internal.structured;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Value;

import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.StructuredOutputResult;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.internal.routing.config.StructuredPolicy;

/**
 * Follows a structured answer as it streams to the caller: each piece that changes the JSON read so far
 * carries it ({@code partial}, {@code partial_arguments} per tool call), the piece that finishes an
 * alternative carries its final value ({@code parsed}), and once the stream ends the findings are known for
 * the answer's metadata. The tolerant reader reads the text so far as a cut-off document, so every partial is
 * a whole value a UI can render in place of the previous one.
 *
 * <p>Reading the text so far costs in proportion to its length, so a partial is read only once the text has
 * grown by a quarter since the last one (at least {@value #MIN_GROWTH} characters): the work per answer stays
 * linear in its length, a few readings of the whole, instead of one per piece; the finishing piece always
 * carries the final value.
 *
 * <p>One instance serves one stream, one piece at a time.
 */
public final class StructuredStream {

    /** The fewest new characters after which the text so far is read again. */
    static final int MIN_GROWTH = 16;

    private final StructuredRequest asked;
    private final AnswerChecker checker;
    private final Map<Long, Integer> readAtLength = new HashMap<>();
    private final StreamedAnswer answer = new StreamedAnswer();
    private final Map<Integer, JsonNode> lastContent = new HashMap<>();
    private final Map<Long, JsonNode> lastArguments = new HashMap<>();
    private final Map<Integer, ChoiceCheck> finished = new TreeMap<>();

    StructuredStream(StructuredRequest asked, AnswerChecker checker) {
        this.asked = asked;
        this.checker = checker;
    }

    /** Returns {@code piece} with the values it changed, or as it is when it changed none. */
    public StreamChatCompletionResponse annotate(StreamChatCompletionResponse piece) {
        answer.add(piece);
        StreamChatCompletionResponse.Builder annotated = null;
        for (int i = 0; i < piece.getChoicesCount(); i++) {
            final ChoiceDelta choice = piece.getChoices(i);
            final ChoiceDelta.Builder changed = annotate(choice);
            if (changed != null) {
                if (annotated == null) {
                    annotated = piece.toBuilder();
                }
                annotated.setChoices(i, changed);
            }
        }
        return annotated == null ? piece : annotated.build();
    }

    /** Returns the findings under {@code policy}, checking now any alternative whose finishing piece never came. */
    StructuredOutputResult result(StructuredPolicy policy) {
        final List<ChoiceCheck> checks = new ArrayList<>();
        for (ChoiceText text : answer.texts()) {
            final ChoiceCheck done = finished.get(text.index());
            checks.add(done != null ? done : checker.check(text, asked));
        }
        return AnswerChecker.summary(checks, policy);
    }

    private ChoiceDelta.Builder annotate(ChoiceDelta choice) {
        final int index = choice.getIndex();
        ChoiceDelta.Builder changed = null;
        if (asked.partials()) {
            if (asked.wantsJson() && hasText(choice.getDelta().getContent())
                && grownEnough(key(index, -1), answer.contentLength(index))) {
                final JsonNode value = changedValue(answer.content(index), lastContent.get(index));
                final Value partial = value == null ? null : ParsedValues.valueOf(value);
                if (partial != null) {
                    lastContent.put(index, value);
                    changed = choice.toBuilder().setPartial(partial);
                }
            }
            for (int k = 0; k < choice.getDelta().getToolCallsCount(); k++) {
                final ToolCallDelta call = choice.getDelta().getToolCalls(k);
                final long key = key(index, call.getIndex());
                if (!hasText(call.getArguments())
                    || !grownEnough(key, answer.arguments(index, call.getIndex()).length())) {
                    continue;
                }
                final JsonNode value = changedValue(answer.arguments(index, call.getIndex()), lastArguments.get(key));
                final Value partial = value == null ? null : ParsedValues.valueOf(value);
                if (partial != null) {
                    lastArguments.put(key, value);
                    if (changed == null) {
                        changed = choice.toBuilder();
                    }
                    changed.getDeltaBuilder().getToolCallsBuilder(k).setPartialArguments(partial);
                }
            }
        }
        if (choice.getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED) {
            final ChoiceCheck check = checker.check(answer.text(index), asked);
            finished.put(index, check);
            final Value parsed = check.content() == null || check.content().value() == null ? null
                                 : ParsedValues.valueOf(check.content().value());
            if (parsed != null) {
                if (changed == null) {
                    changed = choice.toBuilder();
                }
                changed.setParsed(parsed);
            }
        }
        return changed;
    }

    /** Returns whether the text at {@code key}, now {@code length} long, has grown enough to be read again. */
    private boolean grownEnough(long key, int length) {
        final int last = readAtLength.getOrDefault(key, 0);
        if (length - last < Math.max(MIN_GROWTH, last / 4)) {
            return false;
        }
        readAtLength.put(key, length);
        return true;
    }

    private static long key(int choice, int toolCall) {
        return (long) choice << 32 | toolCall & 0xFFFFFFFFL;
    }

    /** Returns the value {@code text} holds so far when it differs from {@code last}; null otherwise. */
    private static JsonNode changedValue(String text, JsonNode last) {
        final Optional<TolerantJson> read = TolerantJsonReader.read(text);
        if (read.isEmpty() || read.get().value().equals(last)) {
            return null;
        }
        return read.get().value();
    }

    private static boolean hasText(String delta) {
        for (int i = 0; i < delta.length(); i++) {
            if (!Character.isWhitespace(delta.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
