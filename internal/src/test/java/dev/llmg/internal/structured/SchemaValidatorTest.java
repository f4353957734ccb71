package dev.llmg.internal.structured;

import static dev.llmg.internal.structured.Schemas.json;
import static dev.llmg.internal.structured.Schemas.struct;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.protobuf.Struct;

/**
 * The validator says where and what, briefly; honours the draft a schema names; never fetches; never throws over
 * a schema; and caches what it compiled.
 */
class SchemaValidatorTest {

    private static final String DRAFT_07 = "\"$schema\":\"http://json-schema.org/draft-07/schema#\",";
    private static final String DRAFT_2019 = "\"$schema\":\"https://json-schema.org/draft/2019-09/schema\",";

    private final SchemaValidator validator = new SchemaValidator();

    @Test
    void fittingValueHasNoMessages() {
        assertThat(validate("{\"type\":\"object\",\"required\":[\"a\"]}", "{\"a\":1}")).isEmpty();
    }

    @Test
    void messagesNameWhereAndWhat() {
        final String schema = "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":"
                              + "{\"type\":\"object\",\"properties\":{\"price\":{\"type\":\"number\"}}}}}}";

        assertThat(validate(schema, "{\"items\":[{},{\"price\":1},{\"price\":\"a\"}]}"))
                .containsExactly("$.items[2].price: string found, number expected");
    }

    @Test
    void prefixItemsAppliesIn202012ButNotInDraft07() {
        final String tuple = "\"prefixItems\":[{\"type\":\"string\"}]}";

        assertThat(validate("{" + tuple, "[1]")).containsExactly("$[0]: integer found, string expected");
        assertThat(validate("{" + DRAFT_07 + tuple, "[1]")).isEmpty();
    }

    @Test
    void itemsAsAnArrayIsATupleInDraft07() {
        assertThat(validate("{" + DRAFT_07 + "\"items\":[{\"type\":\"string\"}]}", "[1]"))
                .containsExactly("$[0]: integer found, string expected");
    }

    @Test
    void dependentRequiredAppliesFrom201909() {
        final String dependent = "\"dependentRequired\":{\"a\":[\"b\"]}}";

        assertThat(validate("{" + dependent, "{\"a\":1}")).singleElement().asString().startsWith("$: ")
                                                          .contains("'b'");
        assertThat(validate("{" + DRAFT_2019 + dependent, "{\"a\":1}")).hasSize(1);
        assertThat(validate("{" + DRAFT_07 + dependent, "{\"a\":1}")).isEmpty();
    }

    @Test
    void localRefsAreFollowed() {
        assertThat(validate("{\"$ref\":\"#/$defs/x\",\"$defs\":{\"x\":{\"type\":\"string\"}}}", "1")).hasSize(1);
        assertThat(validate("{\"$ref\":\"#/definitions/x\",\"definitions\":{\"x\":{\"type\":\"string\"}}}", "1"))
                .hasSize(1);
        assertThat(validate("{\"$ref\":\"#/$defs/x\",\"$defs\":{\"x\":{\"type\":\"string\"}}}", "\"s\"")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"format\":\"email\"}", "{" + DRAFT_07 + "\"format\":\"email\"}"})
    void formatsAreAnnotationsOnly(String schema) {
        assertThat(validate(schema, "\"not an address\"")).isEmpty();
    }

    @Test
    void atMostTenMessagesTheLastSayingHowManyMore() {
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            names.add("\"p" + i + "\"");
        }
        final List<String> messages = validate("{\"required\":[" + String.join(",", names) + "]}", "{}");

        assertThat(messages).hasSize(SchemaValidator.MAX_MESSAGES);
        assertThat(messages.get(0)).isEqualTo("$: required property 'p0' not found");
        assertThat(messages.get(9)).isEqualTo("and 6 more problems");
    }

    @Test
    void longMessagesAreCut() {
        final String name = "n".repeat(1000);

        assertThat(validate("{\"required\":[\"" + name + "\"]}", "{}")).singleElement().satisfies(message -> {
            assertThat(message).hasSize(SchemaValidator.MAX_MESSAGE_LENGTH).startsWith("$: required").endsWith("…");
        });
    }

    @Test
    void remoteRefsAndDialectsAreNeverFetched() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final String base = "http://127.0.0.1:" + server.getLocalPort();

            assertThat(validate("{\"$ref\":\"" + base + "/s.json\"}", "1")).containsExactly(
                    "the schema's $ref '" + base + "/s.json' is not followed: "
                    + "llmg resolves only refs inside the schema");
            assertThat(validate("{\"properties\":{\"a\":{\"$ref\":\"" + base + "/s.json#/x\"}}}", "{\"a\":1}"))
                    .singleElement().asString().contains("is not followed");
            assertThat(validate("{\"$id\":\"" + base + "/root.json\",\"$ref\":\"other.json\"}", "1"))
                    .containsExactly("the schema's $ref '" + base + "/other.json' is not followed: "
                                     + "llmg resolves only refs inside the schema");
            assertThat(validate("{\"$schema\":\"" + base + "/meta\",\"type\":\"string\"}", "1"))
                    .singleElement().asString().startsWith("the schema's $schema '" + base + "/meta' is not supported");

            server.setSoTimeout(300);
            try {
                server.accept().close();
                throw new AssertionError("the validator connected to " + base);
            } catch (SocketTimeoutException expected) {
                // nobody called
            }
        }
    }

    @Test
    void oneCallersSchemaIsNeverAnotherCallersRef() {
        assertThat(validate("{\"$id\":\"https://x.example/a.json\",\"type\":\"string\"}", "\"s\"")).isEmpty();

        assertThat(validate("{\"$ref\":\"https://x.example/a.json\"}", "1")).singleElement().asString()
                                                                              .contains("is not followed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"classpath:logback-test.xml", "file:///etc/hostname", "https://json-schema.org/x.json"})
    void noOtherSchemeIsLoadedEither(String iri) {
        assertThat(validate("{\"$ref\":\"" + iri + "\"}", "1")).singleElement().asString()
                                                               .contains("is not followed");
    }

    @Test
    void schemasThatDoNotCompileGiveAMessage() {
        assertThat(validate("{\"pattern\":\"[\"}", "\"a\"")).singleElement().asString()
                                                           .startsWith("the schema could not be used: ");
        assertThat(validate("{\"$ref\":\"#/$defs/missing\"}", "1")).singleElement().asString()
                                                                  .startsWith("the schema could not be used: ");
    }

    @Test
    void compiledSchemasAreCachedByValue() {
        final String schema = "{\"type\":\"object\",\"required\":[\"a\"]}";
        final List<String> first = validate(schema, "{}");

        assertThat(validator.validate(struct(schema), json("{}"))).isEqualTo(first);
        assertThat(validator.cachedSchemas()).isEqualTo(1);
    }

    @Test
    void cacheIsBounded() {
        final SchemaValidator small = new SchemaValidator(2);
        for (String type : List.of("string", "number", "object")) {
            small.validate(struct("{\"type\":\"" + type + "\"}"), json("1"));
        }

        assertThat(small.cachedSchemas()).isEqualTo(2);
    }

    @Test
    void oneValidatorServesManyThreads() throws Exception {
        final List<Struct> schemas = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            schemas.add(struct("{\"type\":\"object\",\"properties\":{\"n\":{\"maximum\":" + i + "}}}"));
        }
        final ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            final List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    boolean right = true;
                    for (int i = 0; i < 400; i++) {
                        final int max = i % 8;
                        right &= validator.validate(schemas.get(max), json("{\"n\":4}")).isEmpty() == (max >= 4);
                    }
                    return right;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(validator.cachedSchemas()).isEqualTo(8);
    }

    private List<String> validate(String schema, String value) {
        return validator.validate(struct(schema), json(value));
    }
}
