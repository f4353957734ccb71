package dev.llmg.internal.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.ConversationMessage;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;

/**
 * What fitting a conversation's history into its window costs a turn (the database read and append aside): 50 or
 * 500 stored exchanges of about 60 tokens each, counted with OpenAI's o200k_base encoding or estimated, the newest
 * 50 kept (the default 16,384 tokens) or trimmed to 1,024 tokens.
 *
 * <p>{@code java -cp cmd/llmg-bench/target/llmg-bench.jar org.openjdk.jmh.Main ContextWindowBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ContextWindowBenchmark {

    /** The model whose tokenizer counts: gpt-4o (o200k_base) or a model that is estimated. */
    @Param({"gpt-4o", "claude-sonnet-4"})
    public String model;

    /** The conversation's token budget. */
    @Param({"16384", "1024"})
    public int maxTokens;

    /** How many exchanges are stored (the window keeps at most the newest 50). */
    @Param({"50", "500"})
    public int stored;

    private final List<ConversationMessage> history = new ArrayList<>();
    private List<Message> leading;
    private List<Message> turn;
    private TokenCounter counter;

    /** Stores fifty exchanges. */
    @Setup
    public void setUp() {
        for (int t = 1; t <= stored; t++) {
            history.add(stored(t, 0, Role.ROLE_USER, "Question " + t + ": why does the tide turn twice a day here?"));
            history.add(stored(t, 1, Role.ROLE_ASSISTANT, "Because the moon and the sun pull on the oceans, and the "
                                                          + "earth turns beneath the bulges they raise, twice a day."));
        }
        leading = List.of(text(Role.ROLE_SYSTEM, "You answer questions about the sea."));
        turn = List.of(text(Role.ROLE_USER, "And what about the neap tides?"));
        counter = TokenCounter.forModel(model);
    }

    /** Fits the history, the system prompt and the new turn into the window. */
    @Benchmark
    public Object fit() {
        return ContextWindow.fit("conv", leading, history, turn, 50, maxTokens, counter);
    }

    private static ConversationMessage stored(int turn, int position, Role role, String text) {
        return ConversationMessage.newBuilder().setTurn(turn).setPosition(position).setVersion(position == 0 ? 0 : 1)
                                  .setMessage(text(role, text)).build();
    }

    private static Message text(Role role, String text) {
        return Message.newBuilder().setRole(role).addContent(ContentPart.newBuilder().setText(text)).build();
    }
}
