package dev.llmg.internal.chat;

import dagger.Module;

/**
 * Marks the chat use case as a concern of its own; {@link ChatCompletions} is injected by its constructor,
 * and conversation memory and instruction mapping will be provided here.
 */
@Module
public interface ChatModule {}
