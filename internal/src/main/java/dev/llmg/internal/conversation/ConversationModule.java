package dev.llmg.internal.conversation;

import javax.inject.Singleton;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.llmg.internal.chat.ChatContext;
import dev.llmg.internal.config.ConfigSection;
import io.grpc.BindableService;

/**
 * Keeps conversations: ConversationService, and the chat context's step that puts a conversation's history ahead
 * of a request's new turn (order 200: after instructions render).
 */
@Module
public interface ConversationModule {

    /** Reads the {@code conversations} section once. */
    @Provides
    @Singleton
    static ConversationSettings conversationSettings(ConfigSection root) {
        return ConversationSettings.from(root);
    }

    /** Serves ConversationService. */
    @Binds
    @IntoSet
    BindableService conversations(ConversationGrpcService service);

    /** Puts a conversation's history ahead of the new turn, and keeps the answer. */
    @Binds
    @IntoSet
    ChatContext.Step conversationStep(ConversationStep step);
}
