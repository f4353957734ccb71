package dev.llmg.internal.providers.http;

import com.linecorp.armeria.common.ResponseHeaders;

/**
 * Finds the provider's request id in its response headers, the id a caller quotes to the provider's
 * support: OpenAI sends {@code x-request-id}, Anthropic {@code request-id}, Azure's API gateway
 * {@code apim-request-id}.
 */
public final class ProviderRequestIds {

    private ProviderRequestIds() {}

    /** Returns the request id the headers carry, or an empty string when they carry none. */
    public static String of(ResponseHeaders headers) {
        return headers.get("x-request-id", headers.get("request-id", headers.get("apim-request-id", "")));
    }
}
