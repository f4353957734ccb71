package dev.llmg.cmd;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

/** Sends raw JSON to the gateway (the OpenAI-compatible API, REST transcoding), as a client puts it on the wire. */
final class OpenAiWireTestSupport {

    private OpenAiWireTestSupport() {}

    /** POSTs {@code body} as {@code application/json} to {@code path} and returns the whole answer. */
    static AggregatedHttpResponse post(ServerExtension server, String path, String body) {
        return WebClient.of(server.httpUri()).prepare().post(path).content(MediaType.JSON, body)
                        .execute().aggregate().join();
    }
}
