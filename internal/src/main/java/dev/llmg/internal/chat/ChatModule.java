package dev.llmg.internal.chat;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.Multibinds;

import java.util.Set;

/**
 * Marks the chat use case as a concern of its own; {@link ChatCompletions} is injected by its constructor.
 * The context's steps (instructions, conversations) are contributed into a set by their own modules.
 */
@Module
public interface ChatModule {

    @Binds
    ChatContext context(ChatContexts contexts);

    /** The context's steps; empty until a module contributes one. */
    @Multibinds
    Set<ChatContext.Step> steps();
}
