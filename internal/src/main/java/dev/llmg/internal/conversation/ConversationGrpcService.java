package dev.llmg.internal.conversation;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.function.Supplier;

import javax.inject.Inject;

import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Conversation;
import dev.llmg.api.gateway.v1.ConversationServiceGrpc;
import dev.llmg.api.gateway.v1.CreateConversationRequest;
import dev.llmg.api.gateway.v1.CreateConversationResponse;
import dev.llmg.api.gateway.v1.DeleteConversationRequest;
import dev.llmg.api.gateway.v1.DeleteConversationResponse;
import dev.llmg.api.gateway.v1.GetConversationRequest;
import dev.llmg.api.gateway.v1.GetConversationResponse;
import dev.llmg.api.gateway.v1.ListConversationMessagesRequest;
import dev.llmg.api.gateway.v1.ListConversationMessagesResponse;
import dev.llmg.api.gateway.v1.ListConversationsRequest;
import dev.llmg.api.gateway.v1.ListConversationsResponse;
import dev.llmg.api.gateway.v1.RegenerateConversationRequest;
import dev.llmg.api.gateway.v1.RegenerateConversationResponse;
import dev.llmg.api.gateway.v1.UpdateConversationRequest;
import dev.llmg.api.gateway.v1.UpdateConversationResponse;
import dev.llmg.api.json.v1.PageInfo;
import dev.llmg.internal.api.ErrorStatus;
import dev.llmg.internal.auth.Authentication;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallFactory;
import dev.llmg.internal.call.Caller;
import dev.llmg.internal.call.Surface;
import dev.llmg.internal.chat.ChatCompletions;
import dev.llmg.spi.GatewayException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * Serves {@code gatewayapi.v1.ConversationService} (and its REST routes under {@code /api/v1/conversations}) from
 * the {@link ConversationStore}, to the caller that owns each conversation (an admin: to anyone); regenerate goes
 * through the chat use case like any chat call.
 *
 * <p>{@link Blocking}: the store blocks on a database, so Armeria runs this service's methods on its blocking task
 * executor, never on an event loop.
 */
@Blocking
final class ConversationGrpcService extends ConversationServiceGrpc.ConversationServiceImplBase {

    private final ConversationStore store;
    private final ChatCompletions chat;
    private final CallFactory calls;
    private final Regenerations regenerations;

    @Inject
    ConversationGrpcService(ConversationStore store, ChatCompletions chat, CallFactory calls,
                            Regenerations regenerations) {
        this.store = requireNonNull(store, "store");
        this.chat = requireNonNull(chat, "chat");
        this.calls = requireNonNull(calls, "calls");
        this.regenerations = requireNonNull(regenerations, "regenerations");
    }

    @Override
    public void createConversation(CreateConversationRequest request,
                                   StreamObserver<CreateConversationResponse> observer) {
        answer(observer, () -> {
            final Caller caller = caller();
            ConversationRequests.check(request.getConversation());
            final Instant now = ConversationRows.micros(Instant.now());
            final Conversation conversation =
                    request.getConversation().toBuilder()
                           .setId(ConversationRequests.newId())
                           .setTurnCount(0)
                           .setCreateTime(ConversationRows.timestamp(now))
                           .setUpdateTime(ConversationRows.timestamp(now))
                           .build();
            ConversationErrors.reading(() -> {
                store.create(new StoredConversation(conversation, caller.id(), caller.tenant()));
                return null;
            });
            return CreateConversationResponse.newBuilder().setConversation(conversation).build();
        });
    }

    @Override
    public void getConversation(GetConversationRequest request, StreamObserver<GetConversationResponse> observer) {
        answer(observer, () -> GetConversationResponse.newBuilder().setConversation(
                visible(ConversationRequests.id(request.getId(), "id")).conversation()).build());
    }

    @Override
    public void listConversations(ListConversationsRequest request,
                                  StreamObserver<ListConversationsResponse> observer) {
        answer(observer, () -> {
            final Caller caller = caller();
            final int size = ConversationRequests.pageSize(request.getPage(),
                                                           ConversationRequests.DEFAULT_CONVERSATIONS_PAGE);
            final var after = ConversationRequests.cursor(request.getPage(), ConversationCursor::conversations);
            final ConversationStore.Page page = ConversationErrors.reading(() -> store.list(
                    caller.admin() ? null : caller.id(), caller.tenant(), request.getEndUserId(), after, size));
            final ListConversationsResponse.Builder response = ListConversationsResponse.newBuilder();
            page.conversations().forEach(stored -> response.addConversations(stored.conversation()));
            final PageInfo.Builder info = PageInfo.newBuilder();
            page.next().ifPresent(next -> info.setNextPageToken(next.token()));
            return response.setPage(info).build();
        });
    }

    @Override
    public void updateConversation(UpdateConversationRequest request,
                                   StreamObserver<UpdateConversationResponse> observer) {
        answer(observer, () -> {
            final String id = ConversationRequests.id(request.getConversation().getId(), "conversation.id");
            final StoredConversation current = visible(id);
            final Conversation changed = ConversationRequests.merge(current.conversation(), request.getConversation(),
                                                                    request.getUpdateMask().getPathsList());
            ConversationRequests.check(changed);
            if (!ConversationErrors.reading(() -> store.update(changed, Instant.now()))) {
                throw ConversationErrors.notFound(id);
            }
            return UpdateConversationResponse.newBuilder().setConversation(visible(id).conversation()).build();
        });
    }

    @Override
    public void deleteConversation(DeleteConversationRequest request,
                                   StreamObserver<DeleteConversationResponse> observer) {
        answer(observer, () -> {
            final String id = ConversationRequests.id(request.getId(), "id");
            visible(id);
            if (!ConversationErrors.reading(() -> store.delete(id))) {
                throw ConversationErrors.notFound(id);
            }
            return DeleteConversationResponse.getDefaultInstance();
        });
    }

    @Override
    public void listConversationMessages(ListConversationMessagesRequest request,
                                         StreamObserver<ListConversationMessagesResponse> observer) {
        answer(observer, () -> {
            final String id = ConversationRequests.id(request.getId(), "id");
            final int size = ConversationRequests.pageSize(request.getPage(),
                                                           ConversationRequests.DEFAULT_MESSAGES_PAGE);
            final var after = ConversationRequests.cursor(request.getPage(), ConversationCursor::messages);
            visible(id);
            final ConversationStore.MessagePage page =
                    ConversationErrors.reading(() -> store.messages(id, request.getIncludeSuperseded(), after, size));
            final PageInfo.Builder info = PageInfo.newBuilder();
            page.next().ifPresent(next -> info.setNextPageToken(next.token()));
            return ListConversationMessagesResponse.newBuilder().addAllMessages(page.messages()).setPage(info)
                                                   .build();
        });
    }

    @Override
    public void regenerateConversation(RegenerateConversationRequest request,
                                       StreamObserver<RegenerateConversationResponse> observer) {
        final ServiceRequestContext ctx = ServiceRequestContext.current();
        final Call call;
        try {
            final String id = ConversationRequests.id(request.getId(), "id");
            visible(id);
            call = calls.forRequest(ctx, Surface.ofGrpcService(ctx));
            regenerations.mark(call, id);
        } catch (GatewayException e) {
            observer.onError(e);
            return;
        }
        ((ServerCallStreamObserver<RegenerateConversationResponse>) observer).setOnCancelHandler(call::cancel);
        final ChatRequest asked = ChatRequest.newBuilder().setConversationId(request.getId())
                                             .setModel(request.getModel()).build();
        chat.complete(asked, call).handleAsync((response, cause) -> {
            regenerations.forget(call);
            if (cause != null) {
                observer.onError(ErrorStatus.unwrap(cause));
            } else {
                observer.onNext(RegenerateConversationResponse.newBuilder().setCompletion(response).build());
                observer.onCompleted();
            }
            return null;
        }, ctx.eventLoop()); // gRPC observers are not thread-safe: answer on the call's own event loop
    }

    /** Returns the conversation if the caller may see it; NOT_FOUND otherwise, as if it did not exist. */
    private StoredConversation visible(String id) {
        final Caller caller = caller();
        return ConversationErrors.reading(() -> store.find(id))
                               .filter(stored -> stored.visibleTo(caller))
                               .orElseThrow(() -> ConversationErrors.notFound(id));
    }

    private static Caller caller() {
        return Authentication.callerOf(ServiceRequestContext.current());
    }

    /** Sends what {@code answer} returns, or its failure for the error mapper to map. */
    private static <T> void answer(StreamObserver<T> observer, Supplier<T> answer) {
        final T response;
        try {
            response = answer.get();
        } catch (GatewayException e) {
            observer.onError(e);
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }
}
