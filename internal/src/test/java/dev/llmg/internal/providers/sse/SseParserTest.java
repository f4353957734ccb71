package dev.llmg.internal.providers.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseParserTest {

    /** Every feature at once: CRLF, LF and CR endings, comments, multi-line and empty data, a BOM, UTF-8. */
    private static final String MIXED =
            "\uFEFF: keep-alive comment\r\n"
            + "data: {\"a\":1}\r\n"
            + "\r\n"
            + "event: message_start\n"
            + "id: 7\n"
            + "data: first line\n"
            + "data:second line without space\n"
            + "data:  two spaces keep one   \n"
            + "retry: 1000\n"
            + "\n"
            + "data:\n"
            + "\n"
            + "event: ping\n"
            + "\n"
            + "data: caf\u00e9 \u2603 \uD83D\uDE00\r"
            + "\r"
            + "data\n"
            + "\n"
            + "data: [DONE]\n"
            + "\n";

    private static final List<SseEvent> MIXED_EVENTS = List.of(
            new SseEvent("", "{\"a\":1}", ""),
            new SseEvent("message_start", "first line\nsecond line without space\n two spaces keep one   ", "7"),
            new SseEvent("", "", "7"),
            new SseEvent("", "caf\u00e9 \u2603 \uD83D\uDE00", "7"),
            new SseEvent("", "", "7"),
            new SseEvent("", "[DONE]", "7"));

    @Test
    void parsesEveryFeatureInOneChunk() {
        assertThat(parse(bytes(MIXED))).containsExactlyElementsOf(MIXED_EVENTS);
    }

    @Test
    void parsesTheSameEventsWhereverTheStreamIsSplitInTwo() {
        final byte[] all = bytes(MIXED);
        for (int split = 0; split <= all.length; split++) {
            assertThat(parse(all, split)).as("split at byte %d", split).containsExactlyElementsOf(MIXED_EVENTS);
        }
    }

    @Test
    void parsesTheSameEventsWhereverTheStreamIsSplitInThree() {
        final byte[] all = bytes(MIXED);
        for (int first = 0; first <= all.length; first++) {
            for (int second = first; second <= all.length; second++) {
                assertThat(parse(all, first, second)).as("split at bytes %d and %d", first, second)
                                                     .containsExactlyElementsOf(MIXED_EVENTS);
            }
        }
    }

    @Test
    void parsesTheSameEventsFedOneByteAtATime() {
        final byte[] all = bytes(MIXED);
        final List<SseEvent> events = new ArrayList<>();
        final SseParser parser = new SseParser();
        for (byte b : all) {
            parser.feed(new byte[] { b }, events::add);
        }
        parser.finish(events::add);
        assertThat(events).containsExactlyElementsOf(MIXED_EVENTS);
    }

    @Test
    void parsesARecordedOpenAiStreamWhereverItIsSplit() throws IOException {
        final byte[] all = resource("/fixtures/openai/openai/chat-streaming-tools-0.response.sse");
        final List<SseEvent> whole = parse(all);
        assertThat(whole).hasSize(12);
        assertThat(whole.get(11).data()).isEqualTo("[DONE]");
        assertThat(whole).allSatisfy(event -> assertThat(event.event()).isEmpty());
        for (int split = 0; split <= all.length; split++) {
            assertThat(parse(all, split)).as("split at byte %d", split).isEqualTo(whole);
        }
    }

    @Test
    void keepsTrailingSpacesAfterJsonAsSent() {
        // Anthropic pads data lines with spaces after the JSON; the value keeps them and JSON parsers skip them.
        assertThat(parse(bytes("event: ping\ndata: {\"type\": \"ping\"}   \n\n")))
                .containsExactly(new SseEvent("ping", "{\"type\": \"ping\"}   ", ""));
    }

    @Test
    void dispatchesALastEventThatHasNoBlankLineAfterIt() {
        assertThat(parse(bytes("data: one\n\ndata: [DONE]\n"))).containsExactly(
                SseEvent.ofData("one"), SseEvent.ofData("[DONE]"));
        assertThat(parse(bytes("data: [DONE]"))).containsExactly(SseEvent.ofData("[DONE]"));
    }

    @Test
    void dropsEventsWithoutData() {
        assertThat(parse(bytes("event: ping\n\n: comment only\n\nid: 3\n\n"))).isEmpty();
    }

    @Test
    void treatsALoneCarriageReturnAtAChunkEndAsOneLineEnding() {
        final List<SseEvent> events = new ArrayList<>();
        final SseParser parser = new SseParser();
        parser.feed(bytes("data: a\r"), events::add);
        parser.feed(bytes("\n\r"), events::add);
        assertThat(events).containsExactly(SseEvent.ofData("a"));
        parser.feed(bytes("\ndata: b\r\r"), events::add);
        assertThat(events).containsExactly(SseEvent.ofData("a"), SseEvent.ofData("b"));
    }

    @Test
    void failsOnALineLongerThanTheLimit() {
        final SseParser parser = new SseParser(16);
        assertThatThrownBy(() -> parser.feed(bytes("data: 0123456789abcdef\n"), event -> {}))
                .isInstanceOf(IllegalStateException.class);
    }

    private static List<SseEvent> parse(byte[] all, int... splits) {
        final List<SseEvent> events = new ArrayList<>();
        final SseParser parser = new SseParser();
        int start = 0;
        for (int split : splits) {
            parser.feed(all, start, split - start, events::add);
            start = split;
        }
        parser.feed(all, start, all.length - start, events::add);
        parser.finish(events::add);
        return events;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = SseParserTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }
}
