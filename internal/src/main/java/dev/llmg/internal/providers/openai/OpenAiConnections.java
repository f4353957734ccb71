package dev.llmg.internal.providers.openai;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.common.Flags;

/**
 * Holds the connections every OpenAI provider shares, spread over all of Armeria's event loops.
 *
 * <p>Armeria's default client factory keeps one event loop, so one HTTP/2 connection, per upstream host: under
 * load every upstream request and answer then queues on that single thread, and each answer hops from it to the
 * event loop of the caller's request. The benchmark ({@code hack/bench}) showed it as the gateway's added p99;
 * with one connection per event loop the work is spread over all cores.
 */
final class OpenAiConnections implements AutoCloseable {

    private final ClientFactory factory;

    private OpenAiConnections(ClientFactory factory) {
        this.factory = factory;
    }

    /** Creates the shared connections, on Armeria's common worker event loops. */
    static OpenAiConnections create() {
        final int loops = Flags.numCommonWorkers();
        return new OpenAiConnections(ClientFactory.builder()
                                                  .maxNumEventLoopsPerEndpoint(loops)
                                                  .maxNumEventLoopsPerHttp1Endpoint(loops)
                                                  .build());
    }

    /** Returns the client factory providers build their clients with. */
    ClientFactory factory() {
        return factory;
    }

    /** Closes every connection; the event loops belong to Armeria's common pool and stay. */
    @Override
    public void close() {
        factory.close();
    }
}
