package dev.llmg.cmd.hostile;

import java.net.URI;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;

/**
 * Says whether a gateway is still well after a batch of hostile inputs: {@code /healthz} answers 200 and an
 * ordinary chat request is answered, each within two seconds.
 */
final class GatewayHealth {

    private GatewayHealth() {}

    /** Fails unless the gateway at {@code gateway} is healthy; {@code after} names the batch for the report. */
    static void assertHealthy(URI gateway, String after) {
        final String problem = problem(gateway);
        if (problem != null) {
            throw new AssertionError("after " + after + ": " + problem);
        }
    }

    /** Returns what is wrong with the gateway, or null when it is healthy. */
    static String problem(URI gateway) {
        final WebClient client = WebClient.builder(gateway).responseTimeoutMillis(2_000).build();
        try {
            final AggregatedHttpResponse health = client.get("/healthz").aggregate().join();
            if (health.status().code() != 200) {
                return "/healthz answered " + health.status();
            }
            final AggregatedHttpResponse chat = client.prepare().post("/api/v1/chat/completions")
                    .content(MediaType.JSON_UTF_8, "{\"model\":\"" + BaseRequests.MODEL + "\",\"messages\":[{\"role\":"
                                                   + "\"ROLE_USER\",\"content\":[{\"text\":\"still well?\"}]}]}")
                    .execute().aggregate().join();
            if (chat.status().code() != 200 || !chat.contentUtf8().contains("still well?")) {
                return "an ordinary chat request got " + chat.status() + ": " + Reply.excerpt(chat.contentUtf8(), 300);
            }
            return null;
        } catch (RuntimeException e) {
            final Throwable cause = e.getCause() == null ? e : e.getCause();
            return "the gateway did not answer /healthz and a chat request within 2 s ("
                   + cause.getClass().getSimpleName() + ')';
        }
    }
}
