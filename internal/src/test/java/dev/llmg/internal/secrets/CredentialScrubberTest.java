package dev.llmg.internal.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What is blanked (known keys anywhere, credential-shaped text without any key), what is left alone
 * (model names, request ids, prose about keys), how text is cut, and how exception chains are copied.
 */
class CredentialScrubberTest {

    private static final String KEY = "sk-proj-Zx81bQk2LmN0pQrStUvWxYz0123456789abcdEF";
    private static final String AZURE_KEY = "c0ffee4d2b9a4e6f8a1b3c5d7e9f0a2b";
    private static final String PLAIN_KEY = "localserverpassword"; // shaped like nothing: only known keys catch it

    private final CredentialScrubber scrubber = CredentialScrubber.forKeys(KEY, AZURE_KEY, PLAIN_KEY);
    private final CredentialScrubber patterns = CredentialScrubber.patternsOnly();

    @Test
    void blanksAKeyAtEitherEndOrAlone() {
        assertThat(scrubber.scrub(PLAIN_KEY)).isEqualTo("<redacted>");
        assertThat(scrubber.scrub(PLAIN_KEY + " was refused")).isEqualTo("<redacted> was refused");
        assertThat(scrubber.scrub("refused: " + PLAIN_KEY)).isEqualTo("refused: <redacted>");
        assertThat(scrubber.scrub("x" + PLAIN_KEY + "x")).as("inside a word too").isEqualTo("x<redacted>x");
    }

    @Test
    void blanksEveryKeyEveryTime() {
        assertThat(scrubber.scrub(PLAIN_KEY + ", " + AZURE_KEY + " and " + PLAIN_KEY))
                .isEqualTo("<redacted>, <redacted> and <redacted>");
    }

    @Test
    void blanksTheLongerOfTwoKeysWhole() {
        final CredentialScrubber nested = CredentialScrubber.forKeys("abcdefgh", "abcdefgh-and-more");
        assertThat(nested.scrub("key abcdefgh-and-more")).isEqualTo("key <redacted>");
    }

    @Test
    void blanksAPercentEncodedKey() {
        final CredentialScrubber odd = CredentialScrubber.forKeys("pass word/with+signs");
        assertThat(odd.scrub("GET /v1/x?k=pass+word%2Fwith%2Bsigns failed")).isEqualTo("GET /v1/x?k=<redacted> failed");
    }

    @ParameterizedTest
    @ValueSource(strings = { "x", "ollama", "sk-test", "1234567" })
    void leavesShortPlaceholderKeysAlone(String placeholder) {
        final CredentialScrubber local = CredentialScrubber.forKeys(placeholder);
        final String text = "the model ollama-x answered sk-test 1234567 times";
        assertThat(local.scrub(text)).isEqualTo(text);
    }

    @Test
    void ignoresAnEmptyKey() {
        assertThat(CredentialScrubber.forKeys("").scrub("nothing to hide")).isEqualTo("nothing to hide");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            Authorization: Bearer abcdefgh12345678               | Authorization: Bearer <redacted>
            (provider request id Bearer sk-proj-abc_DEF-123456)  | (provider request id Bearer <redacted>)
            bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_x==  | bearer <redacted>
            Basic dXNlcjpwYXNzd29yZA==                           | Basic <redacted>
            sk-proj-Zx81bQk2LmN0pQrStUvWxYz01234               | <redacted>
            key sk-ant-api03-Qw3rTy_uIoP-aSdFgHjKl0987654321zXc-AA. | key <redacted>.
            `"sk-abcdefghijklmnopqrstuvwxyz"`                     | `"<redacted>"`
            x-api-key: sk-ant-whatever-1234                      | x-api-key: <redacted>
            X-Api-Key:abcdefgh1234                               | X-Api-Key:<redacted>
            api-key: c0ffee4d2b9a4e6f8a1b3c5d7e9f0a2c            | api-key: <redacted>
            api-key c0ffee4d2b9a4e6f8a1b3c5d7e9f0a2c             | api-key <redacted>
            `{"api_key": "abcdefgh1234"}`                         | `{"api_key": "<redacted>"}`
            apikey=abcdefgh1234&x=1                              | apikey=<redacted>&x=1
            authorization=abcdefgh1234                           | authorization=<redacted>
            authorization: Basic dXNlcjpwYXNz                    | authorization: Basic <redacted>
            access_token=ya29.a0AfH6SMBx12345                    | access_token=<redacted>
            client_secret: s3cr3t-value-here                     | client_secret: <redacted>
            GET /v1beta/models/gemini:generateContent?key=AIzaSyA-1234567890abcdefghijklmnopqrs&alt=sse | GET /v1beta/models/gemini:generateContent?key=<redacted>&alt=sse
            https://x.example/v1?token=abcdefgh12345678          | https://x.example/v1?token=<redacted>
            AIzaSyA-1234567890abcdefghijklmnopqrstu              | <redacted>
            """)
    void blanksWhatLooksLikeACredentialWithoutKnowingIt(String text, String scrubbed) {
        assertThat(patterns.scrub(text)).isEqualTo(scrubbed);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "gpt-4o-mini", "gpt-4.1-nano-2025-04-14", "claude-3-5-sonnet-20241022", "o3-mini", "text-embedding-3-small",
            "req_abc123", "req_1963efc19b3b4865af98403581d580af", "chatcmpl-AbCdEfGhIjKlMnOpQrStUvWxYz012345",
            "msg_01Ju7oPaDmjgrhWq8gNP4AUj", "apim-1", "5d5b6c0e-92c6-4c4b-a0a4-1c2d3e4f5a6b",
            "task-0123456789abcdefghijklmnop", "disk-sk-0123456789abcdefghij",
            "Incorrect API key provided: sk-proj-****abcd. You can find your API key at https://platform.openai.com/account/api-keys.",
            "invalid x-api-key", "The api-key header is missing", "Bearer token expired", "Basic authentication failed",
            "max_tokens is too large: 100000. This model supports at most 16384 completion tokens",
            "providers.openai.api_key is required, e.g. api_key: env:OPENAI_API_KEY",
            "api_key: file:/run/secrets/openai and api_key: ${OPENAI_API_KEY}",
            "the monkey=bananas12345 and the turkey=sandwich1234 stay", "Rate limit reached for requests",
            ""
    })
    void leavesOrdinaryTextAlone(String text) {
        assertThat(patterns.scrub(text)).isEqualTo(text);
        assertThat(scrubber.scrub(text)).isEqualTo(text);
    }

    @Test
    void looksNoFurtherThanOnePassWhenNoWordOfAPatternIsThere() {
        assertThat(CredentialScrubber.mayHoldCredential("The model `gpt-4o` does not exist")).isFalse();
        assertThat(CredentialScrubber.mayHoldCredential("req_abc123")).isFalse();
        assertThat(CredentialScrubber.mayHoldCredential("a BEARER b")).isTrue();
        assertThat(CredentialScrubber.mayHoldCredential("x-API-KEY")).isTrue();
        assertThat(CredentialScrubber.mayHoldCredential("at the end: sk-")).isTrue();
        assertThat(CredentialScrubber.mayHoldCredential("at the end: s")).isFalse();
    }

    @Test
    void cutsLongTextAfterScrubbing() {
        final String huge = "x".repeat(1_000_000);
        assertThat(patterns.scrub(huge, 200)).hasSize(200).endsWith("...");
        assertThat(patterns.scrub("short", 200)).isEqualTo("short");
        assertThat(patterns.scrub("x".repeat(200), 200)).isEqualTo("x".repeat(200));
    }

    @Test
    void leavesNoPartOfAKeyThatStraddlesTheCut() {
        for (int start = 150; start < 210; start++) {
            final String text = "y".repeat(start) + ' ' + PLAIN_KEY + ' ' + "z".repeat(500);
            final String cut = scrubber.scrub(text, 200);
            assertThat(cut).hasSizeLessThanOrEqualTo(200).doesNotContain(PLAIN_KEY.substring(0, 4));
        }
        for (int start = 150; start < 210; start++) {
            final String text = "y".repeat(start) + " Bearer " + "t0ken".repeat(100);
            assertThat(patterns.scrub(text, 200)).doesNotContain("t0ken");
        }
    }

    @Test
    void neverCutsACharacterInHalf() {
        final String text = "a".repeat(196) + "\uD83D\uDE00" + "b".repeat(10); // an emoji across the cut
        final String cut = patterns.scrub(text, 200);
        assertThat(cut).isEqualTo("a".repeat(196) + "...");
    }

    @Test
    void refusesALimitTooSmallForTheEllipsis() {
        assertThatThrownBy(() -> patterns.scrub("text", 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsACleanExceptionAsItIs() {
        final IOException clean = new IOException("Connection reset by peer");
        assertThat(scrubber.scrub(clean)).isSameAs(clean);
        assertThat(scrubber.scrub((Throwable) null)).isNull();
    }

    @Test
    void copiesAnExceptionChainThatHoldsAKeyWithEveryDescriptionScrubbed() {
        final IOException inner = new IOException("GET https://x.example/v1?key=" + PLAIN_KEY + " failed");
        final RuntimeException outer = new RuntimeException("call failed", inner);
        outer.addSuppressed(new IllegalStateException("header api-key: " + AZURE_KEY));

        final Throwable scrubbed = scrubber.scrub(outer);

        assertThat(scrubbed).isNotSameAs(outer).isInstanceOf(ScrubbedException.class)
                            .hasMessage("java.lang.RuntimeException: call failed");
        assertThat(scrubbed.getStackTrace()).isEqualTo(outer.getStackTrace());
        assertThat(scrubbed.getCause())
                .hasMessage("java.io.IOException: GET https://x.example/v1?key=<redacted> failed");
        assertThat(scrubbed.getSuppressed()).singleElement().satisfies(suppressed -> assertThat(suppressed)
                .hasMessage("java.lang.IllegalStateException: header api-key: <redacted>"));
        final StringWriter printed = new StringWriter();
        scrubbed.printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString()).doesNotContain(PLAIN_KEY, AZURE_KEY).contains("java.io.IOException");
    }

    @Test
    void copiesACyclicChainWithoutLoopingForEver() {
        final RuntimeException first = new RuntimeException("first " + PLAIN_KEY);
        final RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        final Throwable scrubbed = scrubber.scrub(first);

        final StringWriter printed = new StringWriter();
        scrubbed.printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString()).doesNotContain(PLAIN_KEY).contains("second");
    }
}
