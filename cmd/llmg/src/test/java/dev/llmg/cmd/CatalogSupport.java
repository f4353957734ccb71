package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.CreateModelEntryRequest;
import dev.llmg.api.gateway.v1.CreateProviderRequest;
import dev.llmg.api.gateway.v1.ModelEntry;
import dev.llmg.api.gateway.v1.ProviderEntry;
import dev.llmg.internal.admin.CatalogAdministration;
import dev.llmg.internal.auth.ApiKeys;
import dev.llmg.internal.call.Caller;

/** What the catalog's end-to-end tests share: an admin caller, entries written as JSON, chat calls, waiting. */
final class CatalogSupport {

    static final Caller ADMIN = Caller.admin(ApiKeys.hash("catalog-test-admin-key"));

    private CatalogSupport() {}

    /** Returns settings written as a JSON object (e.g. {@code {"type": "simulator"}}). */
    static Struct settings(String json) {
        final Struct.Builder struct = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json, struct);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(json, e);
        }
        return struct.build();
    }

    static ProviderEntry provider(String name, String json) {
        return ProviderEntry.newBuilder().setName(name).setSettings(settings(json)).build();
    }

    static ModelEntry model(String name, String json) {
        return ModelEntry.newBuilder().setName(name).setSettings(settings(json)).build();
    }

    /** Adds a provider and a model on it named as the provider's model is. */
    static void createSimulated(CatalogAdministration catalog, String provider, String model) {
        catalog.createProvider(CreateProviderRequest.newBuilder()
                                                    .setProvider(provider(provider, "{\"type\": \"simulator\"}"))
                                                    .build(), ADMIN);
        catalog.createModelEntry(CreateModelEntryRequest.newBuilder()
                                                        .setModel(model(model, "{\"provider\": \"" + provider + "\"}"))
                                                        .build(), ADMIN);
    }

    /** Returns a blocking chat client of the gateway at {@code uri}. */
    static ChatServiceGrpc.ChatServiceBlockingStub chat(URI uri) {
        return GrpcClients.builder(uri).build(ChatServiceGrpc.ChatServiceBlockingStub.class);
    }

    /** Asks {@code model} through the real server and returns which provider answered. */
    static String answeredBy(ChatServiceGrpc.ChatServiceBlockingStub chat, String model) {
        return chat.createChatCompletion(CreateChatCompletionRequest.newBuilder().setChat(ask(model, "hello")).build())
                   .getGateway().getProvider();
    }

    /** Returns whether a chat call to {@code model} succeeds now. */
    static boolean routes(ChatServiceGrpc.ChatServiceBlockingStub chat, String model) {
        try {
            answeredBy(chat, model);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Waits until {@code condition} holds, failing after {@code bound}. */
    static void waitFor(BooleanSupplier condition, Duration bound, String what) {
        final long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted", e));
            }
        }
    }
}
