package dev.llmg.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.ProviderException;

/** A provider's failure is described by where it happened: in its status, mid-stream, or before any answer. */
class ErrorStatusDescriptionTest {

    @Test
    void anErrorEventMidStreamIsDescribedAsSuchWithTheRequestIdNotAsTheStatusThatBeganTheStream() {
        final ProviderException error = ProviderException.builder("anthropic", ErrorKind.UNAVAILABLE)
                                                         .message("Overloaded").providerStatus(200)
                                                         .providerRequestId("req_011").midStream(true).build();

        assertThat(ErrorStatus.of(error).orElseThrow().getMessage()).isEqualTo(
                "provider 'anthropic' reported an error mid-stream: Overloaded (provider request id req_011)");
    }

    @Test
    void anErrorStatusAndAFailureToReachTheProviderKeepTheirWords() {
        assertThat(ErrorStatus.of(ProviderException.builder("openai", ErrorKind.RATE_LIMITED).message("slow down")
                                                   .providerStatus(429).build()).orElseThrow().getMessage())
                .isEqualTo("provider 'openai' answered 429: slow down");
        assertThat(ErrorStatus.of(ProviderException.builder("openai", ErrorKind.UNAVAILABLE).message("refused")
                                                   .build()).orElseThrow().getMessage())
                .isEqualTo("provider 'openai' failed: refused");
    }
}
