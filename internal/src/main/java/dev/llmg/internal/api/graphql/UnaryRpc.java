package dev.llmg.internal.api.graphql;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import com.linecorp.armeria.server.ServiceRequestContext;

import io.grpc.stub.StreamObserver;

/**
 * Calls a unary method of one of llmg's gRPC services in process, so that a GraphQL query runs the very code
 * (tenant scope, validation, errors) a gRPC or REST caller's request runs.
 *
 * <p>The services read their caller from {@code ServiceRequestContext.current()} and some block on a database,
 * so the method runs on the request's blocking executor, which carries the request's context.
 */
final class UnaryRpc {

    private UnaryRpc() {}

    /** Runs {@code method} with {@code request} and completes with its one response, or with its failure. */
    static <Q, R> CompletableFuture<R> call(ServiceRequestContext ctx, BiConsumer<Q, StreamObserver<R>> method,
                                            Q request) {
        final CompletableFuture<R> answer = new CompletableFuture<>();
        ctx.blockingTaskExecutor().execute(() -> {
            try {
                method.accept(request, new Collector<>(answer));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    /** Keeps the one response of a unary method. */
    private static final class Collector<R> implements StreamObserver<R> {
        private final CompletableFuture<R> answer;
        private R response;

        Collector(CompletableFuture<R> answer) {
            this.answer = answer;
        }

        @Override
        public void onNext(R value) {
            response = value;
        }

        @Override
        public void onError(Throwable t) {
            answer.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            answer.complete(response);
        }
    }
}
