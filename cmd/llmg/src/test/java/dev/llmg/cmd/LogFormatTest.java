package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.Server;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.telemetry.LoggingSettings;
import dev.llmg.internal.telemetry.LoggingSettings.Format;

/**
 * How the log's format is chosen ({@code logging.format}, else {@code LLMG_LOG_FORMAT}, else text), and what
 * the shipped logback.xml writes in each: a readable line with the trace ids and the access log's fields, or
 * one parseable JSON object per line with the same. Tests that reconfigure Logback restore the test
 * configuration after themselves.
 */
@Timeout(60)
class LogFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY);

    private final LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();

    @AfterEach
    void restoreTheTestConfiguration() throws Exception {
        logback.reset();
        new ContextInitializer(logback).autoConfig();
    }

    @Test
    void theConfigurationKeyWinsOverTheVariableWhichWinsOverText() {
        final Map<String, String> jsonVariable = Map.of(LogFormat.ENVIRONMENT_VARIABLE, "json");

        assertThat(LogFormat.choose(settings(""), Map.of())).isEqualTo(Format.TEXT);
        assertThat(LogFormat.choose(settings(""), jsonVariable)).isEqualTo(Format.JSON);
        assertThat(LogFormat.choose(settings("  format: text"), jsonVariable)).isEqualTo(Format.TEXT);
        assertThat(LogFormat.choose(settings("  format: JSON"), Map.of())).isEqualTo(Format.JSON);
        assertThat(LogFormat.choose(settings(""), Map.of(LogFormat.ENVIRONMENT_VARIABLE, ""))).isEqualTo(Format.TEXT);
    }

    @Test
    void unknownFormatsAreConfigurationErrors() {
        assertThatThrownBy(() -> settings("  format: xml")).isInstanceOf(ConfigException.class)
                                                         .hasMessageContaining("logging.format")
                                                         .hasMessageContaining("text or json");
        assertThatThrownBy(() -> settings("  formatt: json")).isInstanceOf(ConfigException.class)
                                                           .hasMessageContaining("logging.formatt");
        assertThatThrownBy(() -> settings("  access_log: sometimes")).isInstanceOf(ConfigException.class)
                                                                   .hasMessageContaining("logging.access_log");
        assertThatThrownBy(() -> LogFormat.choose(settings("  format: text"),
                                                  Map.of(LogFormat.ENVIRONMENT_VARIABLE, "logfmt")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(LogFormat.ENVIRONMENT_VARIABLE);
        assertThatThrownBy(() -> TestGateway.configureWith(Server.builder(),
                                                           TestGateway.SIMULATOR_ONLY + "logging:\n  format: xml\n"))
                .as("the gateway refuses it at start-up").isInstanceOf(ConfigException.class)
                .hasMessageContaining("logging.format");
    }

    @Test
    void accessLogCanBeTurnedOff() {
        assertThat(settings("").accessLog()).isTrue();
        assertThat(settings("  access_log: false").accessLog()).isFalse();
    }

    @Test
    void textLinesCarryTraceIdsAndTheAccessFields() throws Exception {
        configureFromShippedLogbackXml();

        final List<String> lines = captureStdout(() -> {
            LoggerFactory.getLogger("dev.llmg.test").info("outside any call");
            return restCallWithTraceparent();
        }, line -> line.contains(" llmg.access "));

        assertThat(lines).anySatisfy(line -> assertThat(line).endsWith(
                " INFO  [" + Thread.currentThread().getName() + "] dev.llmg.test trace_id= span_id= - outside any call"));
        assertThat(lines).filteredOn(line -> line.contains(" llmg.access ")).singleElement().satisfies(line -> {
            assertThat(line).containsPattern(" INFO  \\[.+] llmg\\.access trace_id=" + TRACE_ID
                                             + " span_id=[0-9a-f]{16} - call front_door=\"rest\" request_id=\"");
            assertThat(line).contains(" requested_model=\"sim-echo\" ", " provider=\"simulator\" ", " status=\"OK\" ",
                                      " attempts=\"1\" ").containsPattern(" output_tokens=\"[1-9][0-9]*\"$");
        });
    }

    @Test
    void jsonLinesParseAndCarryTraceIdsAndTheAccessFields() throws Exception {
        configureFromShippedLogbackXml();
        assertThat(LogFormat.apply(Format.JSON)).isTrue();

        final List<String> lines = captureStdout(() -> {
            LoggerFactory.getLogger("dev.llmg.test").warn("a \"quoted\"\nmessage",
                                                          new IllegalStateException("with a cause"));
            return restCallWithTraceparent();
        }, line -> line.contains("\"llmg.access\""));

        final List<JsonNode> objects = new ArrayList<>();
        for (String line : lines) {
            objects.add(JSON.readTree(line)); // each line one JSON object, or this throws
        }
        assertThat(objects).allSatisfy(object -> assertThat(object.isObject()).isTrue());
        assertThat(objects).anySatisfy(warning -> {
            assertThat(warning.path("loggerName").asText()).isEqualTo("dev.llmg.test");
            assertThat(warning.path("level").asText()).isEqualTo("WARN");
            assertThat(warning.path("formattedMessage").asText()).isEqualTo("a \"quoted\"\nmessage");
            assertThat(warning.path("throwable").path("className").asText())
                    .isEqualTo(IllegalStateException.class.getName());
        });
        final JsonNode access = objects.stream().filter(object -> object.path("loggerName").asText()
                                                                        .equals("llmg.access"))
                                       .reduce((a, b) -> { throw new AssertionError("two access lines"); })
                                       .orElseThrow();
        assertThat(access.path("level").asText()).isEqualTo("INFO");
        assertThat(access.path("timestamp").asLong()).isPositive();
        assertThat(access.path("mdc").path("trace_id").asText()).isEqualTo(TRACE_ID);
        assertThat(access.path("mdc").path("span_id").asText()).matches("[0-9a-f]{16}");
        final Map<String, String> fields = new HashMap<>();
        access.path("kvpList").forEach(pair -> pair.fields().forEachRemaining(
                field -> fields.put(field.getKey(), field.getValue().asText())));
        assertThat(fields).containsEntry("front_door", "rest").containsEntry("requested_model", "sim-echo")
                          .containsEntry("provider", "simulator").containsEntry("status", "OK")
                          .containsEntry("attempts", "1").containsKeys("request_id", "caller", "latency_ms",
                                                                       "overhead_ms", "input_tokens", "output_tokens");
    }

    @Test
    void jsonNeedsTheConsoleAppender() {
        logback.reset(); // no appenders at all, as another Logback configuration might have

        assertThat(LogFormat.apply(Format.JSON)).isFalse();
        assertThat(LogFormat.apply(Format.TEXT)).as("text is the configuration's own").isTrue();
    }

    private static LoggingSettings settings(String loggingSection) {
        return LoggingSettings.fromConfig(new ConfigLoader(Map.of()).parse(
                loggingSection.isEmpty() ? "" : "logging:\n" + loggingSection + "\n"));
    }

    /** Configures Logback as the jar does, from main's logback.xml rather than the tests' logback-test.xml. */
    private void configureFromShippedLogbackXml() throws Exception {
        final URL shipped = LogFormatTest.class.getClassLoader().getResource("logback.xml");
        assertThat(shipped).isNotNull();
        assertThat(shipped.toString()).endsWith("/classes/logback.xml").doesNotContain("test-classes");
        logback.reset();
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logback);
        configurator.doConfigure(shipped);
    }

    /** Calls the gateway over REST with the caller's trace context. */
    private static AggregatedHttpResponse restCallWithTraceparent() throws Exception {
        final AggregatedHttpResponse response = WebClient.of(gateway.httpUri()).execute(HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, "/api/v1/chat/completions").contentType(MediaType.JSON_UTF_8)
                              .add("traceparent", TRACEPARENT).build(),
                HttpData.ofUtf8(JsonFormat.printer().print(ask("sim-echo", "hello log format")))))
                                                          .aggregate().join();
        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
        return response;
    }

    /** What runs while stdout is captured; returns the response whose request id the awaited line names. */
    @FunctionalInterface
    private interface Logging {
        AggregatedHttpResponse run() throws Exception;
    }

    /**
     * Runs {@code logging} with stdout (where the console appender writes) captured, until a line that
     * {@code awaited} accepts and that names the response's request id is in; returns the lines.
     */
    private static List<String> captureStdout(Logging logging, Predicate<String> awaited) throws Exception {
        final PrintStream stdout = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            final String requestId = logging.run().headers().get("x-request-id");
            final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && lines(captured).stream().noneMatch(
                    line -> awaited.test(line) && line.contains(requestId))) {
                Thread.sleep(10);
            }
            return lines(captured);
        } finally {
            System.setOut(stdout);
            stdout.print(captured.toString(StandardCharsets.UTF_8)); // still in the test's output
        }
    }

    private static List<String> lines(ByteArrayOutputStream captured) {
        synchronized (captured) {
            final String text = captured.toString(StandardCharsets.UTF_8);
            return Optional.of(text).filter(all -> !all.isEmpty()).map(all -> List.of(all.split("\n")))
                           .orElse(List.of());
        }
    }
}
