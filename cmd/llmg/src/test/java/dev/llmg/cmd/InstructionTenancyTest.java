package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;

import dev.llmg.internal.auth.ApiKeys;

/**
 * Instructions belong to the caller's tenant: a tenant's callers see and use their own and the shared ones
 * (files, and those an admin created for no tenant), never another tenant's, which may use the same name for an
 * instruction of its own; an admin sees every tenant's and addresses one by {@code tenant}.
 */
class InstructionTenancyTest {

    private static final String ADMIN = ApiKeys.generate();
    private static final String ACME = ApiKeys.generate();
    private static final String GLOBEX = ApiKeys.generate();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(String.join("\n",
            "providers: {simulator: {type: simulator, latency: 1ms}}",
            "models: [{name: sim-echo, provider: simulator}]",
            "storage: {url: \"jdbc:h2:mem:instruction-tenancy;DB_CLOSE_DELAY=-1\"}",
            "tracking: {enabled: false}",
            "auth: {required: true, admin_keys: [" + ApiKeys.hash(ADMIN) + "]}",
            "instructions: {dir: ../../config/instructions}",
            "tenants:",
            "  - name: acme",
            "    teams: [{name: t, groups: [{name: g, endpoints: [{name: e, upstream: sim-echo, keys: ["
            + ApiKeys.hash(ACME) + "]}]}]}]",
            "  - name: globex",
            "    teams: [{name: t, groups: [{name: g, endpoints: [{name: e, upstream: sim-echo, keys: ["
            + ApiKeys.hash(GLOBEX) + "]}]}]}]",
            ""));

    @Test
    void aTenantsInstructionsAreItsOwnAndTheSharedOnesEveryones() throws Exception {
        final AdminRest acme = new AdminRest(gateway, ACME);
        final AdminRest globex = new AdminRest(gateway, GLOBEX);
        final AdminRest admin = new AdminRest(gateway, ADMIN);

        final JsonNode created = acme.ok(HttpMethod.POST, "/api/v1/instructions/house-style/versions",
                                         version("Write as Acme does, {{tone}}."));
        assertThat(created.path("instruction").path("tenant").asText()).isEqualTo("acme");
        assertThat(render(acme, "house-style")).isEqualTo("Write as Acme does, warmly.");

        assertThat(globex.send(HttpMethod.GET, "/api/v1/instructions/house-style", null).status().code())
                .as("another tenant's instruction does not exist for globex").isEqualTo(404);
        assertThat(globex.send(HttpMethod.POST, "/api/v1/instructions:render", renderBody("house-style"))
                         .status().code()).isEqualTo(404);
        final AggregatedHttpResponse chat = globex.send(HttpMethod.POST, "/api/v1/chat/completions",
                "{\"instruction\": \"house-style\", \"variables\": {\"tone\": \"warmly\"}}");
        assertThat(chat.status().code()).as(chat.contentUtf8()).isEqualTo(404);
        assertThat(acme.send(HttpMethod.POST, "/api/v1/chat/completions",
                             "{\"instruction\": \"house-style\", \"variables\": {\"tone\": \"warmly\"}}")
                       .status().code()).isEqualTo(200);

        final JsonNode own = globex.ok(HttpMethod.POST, "/api/v1/instructions/house-style/versions",
                                       version("Write as Globex does, {{tone}}."));
        assertThat(own.path("version").path("version").asInt()).as("numbered on its own").isEqualTo(1);
        assertThat(render(globex, "house-style")).isEqualTo("Write as Globex does, warmly.");
        assertThat(render(acme, "house-style")).isEqualTo("Write as Acme does, warmly.");

        assertThat(acme.send(HttpMethod.POST, "/api/v1/instructions/x/versions?tenant=globex", version("x"))
                       .status().code())
                .as("naming another tenant").isEqualTo(403);

        admin.ok(HttpMethod.POST, "/api/v1/instructions/shared-rules/versions", version("Be {{tone}}."));
        assertThat(render(acme, "shared-rules")).as("an admin's for no tenant is shared").isEqualTo("Be warmly.");

        final String acmeList = acme.ok(HttpMethod.GET, "/api/v1/instructions", null).toString();
        assertThat(acmeList).contains("\"house-style\"", "\"summarize\"", "\"shared-rules\"")
                            .doesNotContain("globex");
        final JsonNode all = admin.ok(HttpMethod.GET, "/api/v1/instructions", null).path("instructions");
        assertThat(all.findValuesAsText("tenant")).contains("acme", "globex");
        assertThat(admin.ok(HttpMethod.GET, "/api/v1/instructions/house-style?tenant=globex", null)
                        .path("instruction").path("versions").get(0).path("messages").get(0).path("template")
                        .asText()).isEqualTo("Write as Globex does, {{tone}}.");
    }

    private static String render(AdminRest caller, String instruction) throws Exception {
        final JsonNode answer = caller.ok(HttpMethod.POST, "/api/v1/instructions:render", renderBody(instruction));
        return answer.path("request").path("messages").get(0).path("content").get(0).path("text").asText();
    }

    private static String renderBody(String instruction) {
        return "{\"instruction\": \"" + instruction + "\", \"variables\": {\"tone\": \"warmly\"}}";
    }

    private static String version(String template) {
        return "{\"messages\": [{\"role\": \"ROLE_SYSTEM\", \"template\": \"" + template + "\"}], "
               + "\"model\": \"sim-echo\"}";
    }
}
