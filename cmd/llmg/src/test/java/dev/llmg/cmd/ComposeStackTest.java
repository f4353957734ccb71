package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.linecorp.armeria.server.Server;

import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSource;

/**
 * The docker-compose stack ({@code docker-compose.yml} and {@code config/compose/}) holds together, checked
 * without Docker: the files it mounts and builds from exist, each service finds the next on a port it listens
 * on, every collector pipeline is made of defined parts, and the dashboard queries only metrics llmg exports.
 * Whether the images start is left to {@code docker compose up}.
 */
class ComposeStackTest {

    private static final Path ROOT = Path.of("..", "..");
    private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The Prometheus names of llmg's metrics, as its /metrics offers them to a Prometheus that asks for classic
     * names: the OTel names with dots as underscores and the unit as a suffix ({@code s} gives {@code _seconds};
     * an annotation such as {@code {state}} none), and the JVM's from the Prometheus client. The only names the
     * dashboard may ask for.
     */
    private static final Set<String> EXPORTED_METRICS = Set.of(
            "gen_ai_client_token_usage_bucket", "gen_ai_client_token_usage_sum", "gen_ai_client_token_usage_count",
            "gen_ai_client_operation_duration_seconds_bucket", "gen_ai_client_operation_duration_seconds_sum",
            "gen_ai_client_operation_duration_seconds_count",
            "gen_ai_client_operation_time_to_first_chunk_seconds_bucket",
            "gen_ai_client_operation_time_per_output_chunk_seconds_bucket",
            "llmg_requests_total", "llmg_cost_usd_total", "llmg_retries_total", "llmg_fallbacks_total",
            "llmg_breaker_state", "llmg_tracking_queue_depth", "llmg_tracking_spill_size",
            "llmg_overhead_seconds_bucket", "http_server_request_duration_seconds_bucket", "jvm_memory_used_bytes");

    private static final Pattern METRIC = Pattern.compile("\\b(?:gen_ai|llmg|http|jvm)_[a-z_]+");
    /** Label matchers and grouping clauses, whose label names share the metrics' prefixes. */
    private static final Pattern LABELS = Pattern.compile(
            "\\{[^}]*}|\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern ENV_REFERENCE =
            Pattern.compile("env:([A-Za-z_][A-Za-z0-9_]*)|\\$\\{([A-Za-z_][A-Za-z0-9_]*)");

    @Test
    void composeFileHasEveryService() throws IOException {
        assertThat(fieldNames(compose().path("services")))
                .contains("llmg", "postgres", "otel-collector", "jaeger", "prometheus", "grafana");
    }

    @Test
    void everyFileItMountsOrBuildsFromExists() throws IOException {
        final JsonNode services = compose().path("services");
        for (String name : fieldNames(services)) {
            for (Mount mount : mounts(services.path(name))) {
                assertThat(mount.source()).as("%s mounts %s", name, mount.source()).exists();
            }
        }
        final JsonNode build = services.path("llmg").path("build");
        final Path context = ROOT.resolve(build.path("context").asText());
        final Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
        assertThat(dockerfile).isRegularFile();
        for (String line : Files.readAllLines(dockerfile)) {
            final List<String> words = List.of(line.trim().split("\\s+"));
            if (!words.get(0).equals("COPY") || words.stream().anyMatch(word -> word.startsWith("--from="))) {
                continue;
            }
            final List<String> sources = words.subList(1, words.size() - 1).stream()
                                              .filter(word -> !word.startsWith("--")).toList();
            for (String source : sources) {
                assertThat(context.resolve(source)).as("%s copies %s", dockerfile, source).exists();
            }
        }
    }

    @Test
    void llmgSendsTelemetryToAPortTheCollectorReceivesOn() throws IOException {
        final JsonNode compose = compose();
        final JsonNode environment = compose.path("services").path("llmg").path("environment");
        final URI endpoint = URI.create(environment.path("OTEL_EXPORTER_OTLP_ENDPOINT").asText());
        assertThat(endpoint.getHost()).isEqualTo("otel-collector");
        assertThat(fieldNames(compose.path("services"))).contains(endpoint.getHost());

        final String protocol = environment.path("OTEL_EXPORTER_OTLP_PROTOCOL").asText("grpc");
        final JsonNode receiver = collectorConfig().path("receivers").path("otlp").path("protocols")
                                                   .path(protocol.startsWith("http") ? "http" : "grpc");
        assertThat(port(receiver.path("endpoint").asText()))
                .as("the collector's OTLP %s receiver", protocol).isEqualTo(endpoint.getPort());

        final URI jaeger = URI.create("http://" + collectorConfig().path("exporters").path("otlp/jaeger")
                                                                   .path("endpoint").asText());
        assertThat(fieldNames(compose.path("services"))).contains(jaeger.getHost());
        assertThat(compose.path("services").path(jaeger.getHost()).path("environment")
                          .path("COLLECTOR_OTLP_ENABLED").asText()).isEqualTo("true");
    }

    @Test
    void collectorReadsItsMountedConfigAndEveryPipelineIsDefined() throws IOException {
        final JsonNode collector = compose().path("services").path("otel-collector");
        final String configArgument = collector.path("command").get(0).asText();
        assertThat(configArgument).startsWith("--config=");
        assertThat(mountedFile(collector, configArgument.substring("--config=".length())))
                .contains(ROOT.resolve("config/compose/otel-collector.yaml").normalize());

        final JsonNode config = collectorConfig();
        final JsonNode pipelines = config.path("service").path("pipelines");
        assertThat(fieldNames(pipelines)).contains("traces", "metrics");
        for (String name : fieldNames(pipelines)) {
            final JsonNode pipeline = pipelines.path(name);
            assertThat(pipeline.path("receivers").size()).as(name).isPositive();
            assertThat(pipeline.path("exporters").size()).as(name).isPositive();
            for (String kind : List.of("receivers", "processors", "exporters")) {
                for (JsonNode component : pipeline.path(kind)) {
                    assertThat(config.path(kind).has(component.asText()))
                            .as("pipeline %s uses %s %s", name, kind, component.asText()).isTrue();
                }
            }
        }
    }

    @Test
    void prometheusScrapesLlmgMetrics() throws IOException {
        final JsonNode prometheus = compose().path("services").path("prometheus");
        assertThat(mountedFile(prometheus, "/etc/prometheus/prometheus.yml"))
                .contains(ROOT.resolve("config/compose/prometheus.yml").normalize());
        assertThat(prometheus.path("command").toString()).contains("--config.file=/etc/prometheus/prometheus.yml");

        final String llmg = "llmg:" + llmgConfig().path("server").path("port").asInt();
        final JsonNode config = YAML.readTree(ROOT.resolve("config/compose/prometheus.yml").toFile());
        final List<JsonNode> scrapesOfLlmg = new ArrayList<>();
        for (JsonNode job : config.path("scrape_configs")) {
            for (JsonNode targets : job.path("static_configs")) {
                for (JsonNode target : targets.path("targets")) {
                    if (target.asText().equals(llmg)) {
                        scrapesOfLlmg.add(job);
                    }
                }
            }
        }
        assertThat(scrapesOfLlmg).as("the scrape jobs of %s", llmg).singleElement().satisfies(job -> {
            assertThat(job.path("job_name").asText()).as("the job the dashboard selects").isEqualTo("llmg");
            assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
        });
    }

    @Test
    void grafanaProvisionsItsDataSourcesAndTheDashboardDirectory() throws IOException {
        final JsonNode compose = compose();
        final JsonNode grafana = compose.path("services").path("grafana");
        for (JsonNode source : dataSources()) {
            assertThat(fieldNames(compose.path("services")))
                    .as("data source %s", source.path("uid").asText())
                    .contains(URI.create(source.path("url").asText()).getHost());
        }
        assertThat(dataSourceUids()).contains("prometheus", "jaeger");

        final List<Path> providerFiles = yamlFiles(provisioning().resolve("dashboards"));
        assertThat(providerFiles).isNotEmpty();
        for (Path file : providerFiles) {
            for (JsonNode provider : YAML.readTree(file.toFile()).path("providers")) {
                final String path = provider.path("options").path("path").asText();
                assertThat(mountedFile(grafana, path)).as("%s provides %s", file, path)
                        .hasValueSatisfying(dir -> assertThat(dir.resolve("llmg.json")).isRegularFile());
            }
        }
        final String home = grafana.path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
        assertThat(mountedFile(grafana, home)).hasValueSatisfying(file -> assertThat(file).isRegularFile());
    }

    @Test
    void dashboardPanelsHaveUniqueIdsAndProvisionedDataSources() throws IOException {
        final JsonNode dashboard = dashboard();
        assertThat(dashboard.path("uid").asText()).isEqualTo("llmg");
        final Set<String> provisioned = dataSourceUids();
        final Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            final String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("the id of %s is unique", title).isTrue();
            assertThat(provisioned).as(title).contains(panel.path("datasource").path("uid").asText());
            assertThat(panel.path("targets").size()).as(title).isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(provisioned).as(title).contains(target.path("datasource").path("uid").asText());
            }
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void dashboardQueriesOnlyMetricsLlmgExports() throws IOException {
        final Set<String> used = new TreeSet<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                final String expression = target.path("expr").asText();
                final Matcher metric = METRIC.matcher(LABELS.matcher(expression).replaceAll(" "));
                final List<String> names = new ArrayList<>();
                while (metric.find()) {
                    names.add(metric.group());
                }
                assertThat(names).as("the metrics of %s", expression).isNotEmpty();
                used.addAll(names);
            }
        }
        assertThat(used).as("the metrics the dashboard queries").isSubsetOf(EXPORTED_METRICS);
    }

    @Test
    void llmgConfigWiresAWholeGateway() throws IOException {
        final JsonNode llmg = compose().path("services").path("llmg");
        final String configArgument = llmg.path("command").get(1).asText();
        assertThat(llmg.path("command").get(0).asText()).isEqualTo("--config");
        final Path file = ROOT.resolve("config/compose/llmg.yaml").normalize();
        assertThat(mountedFile(llmg, configArgument)).contains(file);

        // Every variable the file reads is handed to the container.
        final Matcher reference = ENV_REFERENCE.matcher(Files.readString(file));
        while (reference.find()) {
            final String variable = reference.group(1) != null ? reference.group(1) : reference.group(2);
            assertThat(fieldNames(llmg.path("environment"))).as("the llmg service's environment").contains(variable);
        }

        // As ShippedConfigsTest checks config/, and main would at start-up.
        final LlmgComponent component = LlmgComponent.create(ConfigSource.file(new ConfigLoader(Map.of()), file,
                                                                               Map.of("server.port", "0")));
        component.serverConfigurator().configure(Server.builder());
        assertThat(component.reloader().reload()).as("reading it again is accepted too").isTrue();
    }

    /** A bind mount: a file or directory of the repository seen at {@code target} in the container. */
    private record Mount(Path source, String target) {}

    private static List<Mount> mounts(JsonNode service) {
        final List<Mount> mounts = new ArrayList<>();
        for (JsonNode volume : service.path("volumes")) {
            final String source;
            final String target;
            if (volume.isTextual()) {
                final String[] parts = volume.asText().split(":");
                source = parts[0];
                target = parts.length > 1 ? parts[1] : "";
            } else {
                source = volume.path("source").asText();
                target = volume.path("target").asText();
            }
            if (source.startsWith(".") || source.startsWith("/")) { // otherwise a named volume
                mounts.add(new Mount(ROOT.resolve(source).normalize(), target));
            }
        }
        return mounts;
    }

    /** Returns the repository path a container path of the service comes from, if a bind mount holds it. */
    private static Optional<Path> mountedFile(JsonNode service, String containerPath) {
        for (Mount mount : mounts(service)) {
            if (containerPath.equals(mount.target())) {
                return Optional.of(mount.source());
            }
            if (containerPath.startsWith(mount.target() + '/')) {
                return Optional.of(mount.source().resolve(containerPath.substring(mount.target().length() + 1)));
            }
        }
        return Optional.empty();
    }

    private static Set<String> dataSourceUids() throws IOException {
        final Set<String> uids = new TreeSet<>();
        for (JsonNode source : dataSources()) {
            uids.add(source.path("uid").asText());
        }
        return uids;
    }

    private static List<JsonNode> dataSources() throws IOException {
        final List<Path> files = yamlFiles(provisioning().resolve("datasources"));
        assertThat(files).isNotEmpty();
        final List<JsonNode> sources = new ArrayList<>();
        for (Path file : files) {
            YAML.readTree(file.toFile()).path("datasources").forEach(sources::add);
        }
        return sources;
    }

    private static Path provisioning() throws IOException {
        return mountedFile(compose().path("services").path("grafana"), "/etc/grafana/provisioning").orElseThrow();
    }

    private static List<Path> yamlFiles(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                        .sorted().toList();
        }
    }

    private static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    private static List<String> fieldNames(JsonNode node) {
        final List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode compose() throws IOException {
        return YAML.readTree(COMPOSE.toFile());
    }

    private static JsonNode collectorConfig() throws IOException {
        return YAML.readTree(ROOT.resolve("config/compose/otel-collector.yaml").toFile());
    }

    private static JsonNode llmgConfig() throws IOException {
        return YAML.readTree(ROOT.resolve("config/compose/llmg.yaml").toFile());
    }

    private static JsonNode dashboard() throws IOException {
        return JSON.readTree(ROOT.resolve("config/compose/grafana/dashboards/llmg.json").toFile());
    }
}
