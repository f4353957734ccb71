package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

/**
 * llmg started as operators start it, with nothing but the standard {@code OTEL_*} variables pointing at an
 * OTLP receiver on loopback (OTLP/HTTP with protobuf bodies), exports the spans of a call there: its GenAI
 * client span, under the caller's trace id, from service {@code llmg}.
 */
@Timeout(120)
class OtlpExportTest {

    private static final Pattern SERVING = Pattern.compile("serving on http://127\\.0\\.0\\.1:(\\d+)");
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    /** What the receiver was sent on {@code /v1/traces}: ExportTraceServiceRequest bodies. */
    private static final List<byte[]> exported = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final ServerExtension receiver = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/v1/traces", (ctx, req) -> com.linecorp.armeria.common.HttpResponse.of(
                    req.aggregate().thenApply(body -> {
                        exported.add(body.content().array());
                        return com.linecorp.armeria.common.HttpResponse.of(
                                HttpStatus.OK, MediaType.parse("application/x-protobuf"), new byte[0]);
                    })));
        }
    };

    @TempDir
    Path dir;

    @Test
    void spansReachTheEndpointTheStandardVariablesName() throws Exception {
        final Path config = dir.resolve("config.yaml");
        Files.writeString(config, String.join("\n",
                "auth: {required: false}",
                "providers: {simulator: {type: simulator, latency: 5ms}}",
                "models: [{name: sim-echo, provider: simulator}]",
                "tracking: {enabled: false}",
                "storage: {url: \"jdbc:h2:mem:otlp-export;DB_CLOSE_DELAY=-1\"}",
                ""));
        final ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "-c", config.toString(), "--port", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile());
        builder.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + receiver.httpPort());
        builder.environment().put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        builder.environment().put("OTEL_BSP_SCHEDULE_DELAY", "100");
        final Process gateway = builder.start();
        try {
            final HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(gateway) + "/api/v1/chat/completions"))
                               .header("content-type", "application/json")
                               .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                               .POST(HttpRequest.BodyPublishers.ofString(
                                       "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"ROLE_USER\","
                                       + "\"content\":[{\"text\":\"hi\"}]}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

            final byte[] traceId = HexFormat.of().parseHex(TRACE_ID);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && exported.stream().noneMatch(body -> holds(body, traceId)
                                                                               && holds(body, utf8("chat sim-echo")))) {
                Thread.sleep(50);
            }
            assertThat(exported).as("an export with the call's client span, in the caller's trace").anyMatch(
                    body -> holds(body, traceId) && holds(body, utf8("chat sim-echo"))
                            && holds(body, utf8("gen_ai.provider.name")) && holds(body, utf8("llmg")));
        } finally {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
            gateway.destroyForcibly();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Returns whether {@code bytes} holds {@code part}: the protobuf body carries strings and ids as they are. */
    private static boolean holds(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private int port(Process gateway) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        final Path log = dir.resolve("gateway.log");
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                final Matcher serving = SERVING.matcher(Files.readString(log));
                if (serving.find()) {
                    return Integer.parseInt(serving.group(1));
                }
            }
            assertThat(gateway.isAlive())
                    .as("the gateway runs; its log: " + (Files.exists(log) ? Files.readString(log) : "")).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("the gateway did not say its port: " + Files.readString(log));
    }
}
