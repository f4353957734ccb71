package dev.llmg.cmd.hostile;

import static dev.llmg.cmd.hostile.Expectation.ANSWER_OR_REFUSAL;
import static dev.llmg.cmd.hostile.Expectation.REFUSAL;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.function.Function;

import com.linecorp.armeria.common.AggregatedHttpResponse;

/**
 * Requests refused before any llmg service reads them, sent over a plain socket ({@link RawHttp}): a wrong
 * method, an unknown route, a path that does not decode, headers or a request line too large, a body the
 * route does not take. Each must still get the error shape of the API it was aimed at: the native JSON error
 * under {@code /api/v1}, OpenAI's under {@code /v1}; except a request head too large to read (414, 431), whose
 * path the server never learns, which gets the native JSON error wherever it was aimed (README, "Limits").
 */
final class HttpEdgeCases {

    /**
     * One request.
     *
     * @param name what is wrong with it
     * @param requestLine method and target
     * @param headerLines extra header lines, each ending in CR LF
     * @param body the body, or empty
     * @param expectation what the gateway may answer
     */
    record EdgeCase(String name, String requestLine, String headerLines, String body, Expectation expectation) {

        /** Returns whether it is answered in the OpenAI-compatible API's shape. */
        boolean openAi() {
            return requestLine.split(" ")[1].startsWith("/v1") && !unreadableHead();
        }

        /** Returns whether its head is too large for the server to read, so that its path is unknown. */
        private boolean unreadableHead() {
            return name.endsWith("(414)") || name.endsWith("(431)");
        }

        /** Sends it and judges the answer in the shape of the API it was aimed at. */
        Reply send(URI gateway) {
            final AggregatedHttpResponse response;
            try {
                response = RawHttp.send(gateway, requestLine, headerLines, body, (int) HttpCalls.TIMEOUT_MILLIS);
            } catch (IOException | RuntimeException e) {
                return new Reply(Reply.Kind.SERVER_ERROR, "connection failed", "", List.of(), e.toString());
            }
            if (response == null) {
                return Reply.noAnswer(HttpCalls.TIMEOUT_MILLIS / 1000.0, "no whole answer");
            }
            final Function<AggregatedHttpResponse, Reply> judge =
                    openAi() ? OpenAiSurface::classify : NativeRestSurface::classify;
            return judge.apply(response);
        }
    }

    private static final String JSON = "Content-Type: application/json\r\n";

    private HttpEdgeCases() {}

    /** Returns the cases. */
    static List<EdgeCase> of() {
        final String chat = "{\"model\":\"" + BaseRequests.MODEL + "\",\"messages\":[{\"role\":\"ROLE_USER\","
                            + "\"content\":[{\"text\":\"hi\"}]}]}";
        return List.of(
                new EdgeCase("GET on a POST route (405)", "GET /api/v1/chat/completions", "", "", REFUSAL),
                new EdgeCase("DELETE on a GET route (405)", "DELETE /api/v1/models", "", "", REFUSAL),
                new EdgeCase("an unknown route under /api/v1 (404)", "POST /api/v1/no-such-route", JSON, "{}", REFUSAL),
                new EdgeCase("a path that does not decode", "GET /api/v1/%zz", "", "", REFUSAL),
                new EdgeCase("a request line of 20,000 characters (414)",
                             "GET /api/v1/models?page.page_token=" + "a".repeat(20_000), "", "", REFUSAL),
                new EdgeCase("a header of 20,000 characters (431)", "GET /api/v1/models",
                             "X-Padding: " + "a".repeat(20_000) + "\r\n", "", REFUSAL),
                new EdgeCase("a text/plain body", "POST /api/v1/chat/completions", "Content-Type: text/plain\r\n",
                             chat, REFUSAL),
                new EdgeCase("a body without a content type", "POST /api/v1/chat/completions", "", chat,
                             ANSWER_OR_REFUSAL),
                new EdgeCase("GET on /v1/chat/completions (405)", "GET /v1/chat/completions", "", "", REFUSAL),
                new EdgeCase("an unknown route under /v1 (404)", "POST /v1/no-such-route", JSON, "{}", REFUSAL),
                new EdgeCase("a text/plain body on /v1", "POST /v1/chat/completions", "Content-Type: text/plain\r\n",
                             "{}", REFUSAL),
                new EdgeCase("a request line of 20,000 characters on /v1 (414)",
                             "GET /v1/models/" + "a".repeat(20_000), "", "", REFUSAL),
                new EdgeCase("a header of 20,000 characters on /v1 (431)", "GET /v1/models",
                             "X-Padding: " + "a".repeat(20_000) + "\r\n", "", REFUSAL));
    }
}
