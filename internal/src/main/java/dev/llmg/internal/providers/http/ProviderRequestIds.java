package dev.llmg.internal.providers.http;

import static java.util.Objects.requireNonNull;

import java.util.List;

import com.linecorp.armeria.common.ResponseHeaders;

import dev.llmg.internal.secrets.CredentialScrubber;

/**
 * Finds the id a provider gave its answer, which callers quote to the provider's support: OpenAI sends
 * {@code x-request-id}, Anthropic {@code request-id}, Azure's API gateway {@code apim-request-id},
 * AWS {@code x-amzn-requestid}.
 *
 * <p>The id is a header value the provider chose, so it is treated as untrusted text: scrubbed of
 * credentials (a misbehaving server may echo the request's {@code Authorization} there) and cut to
 * {@value #MAX_LENGTH} characters.
 */
public final class ProviderRequestIds {

    /** The longest id passed on; real ones are under 100 characters. */
    public static final int MAX_LENGTH = 200;

    /** The headers that carry the id, in the order they are looked at. */
    private static final List<String> HEADERS = List.of("x-request-id", "request-id", "apim-request-id",
                                                        "x-amzn-requestid");

    private ProviderRequestIds() {}

    /**
     * Returns the provider's request id, scrubbed of anything shaped like a credential and bounded, or an
     * empty string when it sent none. Prefer {@link #of(ResponseHeaders, CredentialScrubber)} where the
     * provider's key is known: only that one also catches a key that looks like an ordinary id.
     */
    public static String of(ResponseHeaders headers) {
        return of(headers, CredentialScrubber.patternsOnly());
    }

    /** Returns the provider's request id, scrubbed by {@code scrubber} and bounded, or an empty string. */
    public static String of(ResponseHeaders headers, CredentialScrubber scrubber) {
        requireNonNull(scrubber, "scrubber");
        for (String name : HEADERS) {
            final String id = headers.get(name);
            if (id != null && !id.isBlank()) {
                return scrubber.scrub(id.strip(), MAX_LENGTH);
            }
        }
        return "";
    }
}
