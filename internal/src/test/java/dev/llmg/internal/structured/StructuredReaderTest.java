package dev.llmg.internal.structured;

import static dev.llmg.internal.structured.JsonRepair.CODE_FENCE;
import static dev.llmg.internal.structured.JsonRepair.COMMENT;
import static dev.llmg.internal.structured.JsonRepair.SINGLE_QUOTES;
import static dev.llmg.internal.structured.JsonRepair.STRING_AS_NUMBER;
import static dev.llmg.internal.structured.JsonRepair.SURROUNDING_TEXT;
import static dev.llmg.internal.structured.JsonRepair.TRAILING_COMMA;
import static dev.llmg.internal.structured.JsonRepair.TRUNCATED;
import static dev.llmg.internal.structured.JsonRepair.UNQUOTED_KEY;
import static dev.llmg.internal.structured.JsonRepair.UNWRAPPED_ARRAY;
import static dev.llmg.internal.structured.Schemas.json;
import static dev.llmg.internal.structured.Schemas.struct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pipeline the gateway runs on a structured answer: what models send, what llmg reads from it, what it
 * mended, and whether the result may be passed off as the answer asked for.
 */
class StructuredReaderTest {

    private static final String PERSON = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
                                         + "\"age\":{\"type\":\"integer\"}},\"required\":[\"name\",\"age\"]}";
    private static final String ADA = "{\"name\":\"Ada\",\"age\":36}";

    private final SchemaValidator validator = new SchemaValidator();

    static Stream<Arguments> answers() {
        final Set<JsonRepair> none = Set.of();
        return Stream.of(
                // text, schema, expected value, repairs, valid
                arguments(ADA, PERSON, ADA, none, true),
                arguments("  \n" + ADA + "\n", PERSON, ADA, none, true),
                arguments("```json\n" + ADA + "\n```", PERSON, ADA, Set.of(CODE_FENCE), true),
                arguments("Here is the person:\n" + ADA + "\nLet me know if you need more.", PERSON, ADA,
                          Set.of(SURROUNDING_TEXT), true),
                arguments("{\"name\": \"Ada\", \"age\": 36,}", PERSON, ADA, Set.of(TRAILING_COMMA), true),
                arguments("{'name': 'Ada', 'age': 36}", PERSON, ADA, Set.of(SINGLE_QUOTES), true),
                arguments("{\n  // who\n  \"name\": \"Ada\", /* years */ \"age\": 36\n}", PERSON, ADA,
                          Set.of(COMMENT), true),
                arguments("{name: \"Ada\", age: 36}", PERSON, ADA, Set.of(UNQUOTED_KEY), true),
                // Cut off after the required members: they fit, but a cut-off answer is never valid.
                arguments("{\"name\": \"Ada\", \"age\": 36, \"bio\": \"Mathematician and wri", PERSON,
                          "{\"name\":\"Ada\",\"age\":36,\"bio\":\"Mathematician and wri\"}", Set.of(TRUNCATED),
                          false),
                arguments("{\"name\": \"Ada\", \"ag", PERSON, "{\"name\":\"Ada\"}", Set.of(TRUNCATED), false),
                arguments("[" + ADA + "]", PERSON, ADA, Set.of(UNWRAPPED_ARRAY), true),
                arguments("{\"name\": \"Ada\", \"age\": \"36\"}", PERSON, ADA, Set.of(STRING_AS_NUMBER), true),
                arguments("\"42\"", "{\"type\":\"number\"}", "42", Set.of(STRING_AS_NUMBER), true),
                arguments("42", "{\"type\":\"number\"}", "42", none, true),
                // Extraction: the first object in the prose is an example; only the second fits.
                arguments("An answer looks like {\"name\": \"...\"}. Here is mine: " + ADA, PERSON, ADA,
                          Set.of(SURROUNDING_TEXT), true),
                arguments("Options: [1, 2]. Chosen:\n```json\n{'name': 'Ada', 'age': 36}\n```", PERSON, ADA,
                          Set.of(SURROUNDING_TEXT, CODE_FENCE, SINGLE_QUOTES), true),
                // None fits: the first reading stands, with its errors.
                arguments("First {\"name\": \"Ada\"} then {\"name\": \"Bob\"}", PERSON, "{\"name\":\"Ada\"}",
                          Set.of(SURROUNDING_TEXT), false),
                // Without prose there is nothing else to try.
                arguments("{\"name\": \"Ada\"}", PERSON, "{\"name\":\"Ada\"}", none, false),
                // Real answers, as recorded (all clean):
                // ../shared/fixtures/openai/chat-json-schema-strict.response.json (gpt-4o-2024-08-06, strict)
                arguments("{\"final_answer\":\"4\"}",
                          "{\"type\":\"object\",\"properties\":{\"final_answer\":{\"type\":\"string\","
                          + "\"additionalProperties\":false}},\"additionalProperties\":false,"
                          + "\"required\":[\"final_answer\"]}",
                          "{\"final_answer\":\"4\"}", none, true),
                // ../shared/fixtures/gemini/generate-response-schema.response.json (its responseSchema, in JSON
                // Schema's lower-case type names)
                arguments("{\"result\": 8}", "{\"type\":\"object\",\"properties\":{\"result\":{\"type\":\"number\"}}}",
                          "{\"result\":8}", none, true),
                // ../shared/fixtures/openai/chat-json-object-wire.response.json (json_object, no schema)
                arguments("{\n  \"greeting\": \"hello\"\n}", null, "{\"greeting\":\"hello\"}", none, true),
                arguments("```\n[1, 2,]\n```", null, "[1,2]", Set.of(CODE_FENCE, TRAILING_COMMA), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void readsMendsAndChecks(String text, String schema, String expected, Set<JsonRepair> repairs, boolean valid) {
        final StructuredValue read = StructuredReader.read(text, schema == null ? null : struct(schema), validator);

        assertThat(read.value()).isEqualTo(json(expected));
        assertThat(read.json()).isEqualTo(json(expected).toString());
        assertThat(read.repairs()).isEqualTo(repairs);
        assertThat(read.valid()).isEqualTo(valid);
        assertThat(read.errors().isEmpty()).isEqualTo(valid);
        assertThat(read.repaired()).isEqualTo(!repairs.isEmpty());
    }

    @Test
    void cutOffAnswersSaySo() {
        final StructuredValue read = StructuredReader.read("{\"a\": 1", struct("{\"type\":\"object\"}"), validator);

        assertThat(read.parsed()).isTrue();
        assertThat(read.truncated()).isTrue();
        assertThat(read.valid()).isFalse();
        assertThat(read.errors()).containsExactly(StructuredValue.CUT_OFF);
    }

    @Test
    void validatorMessagesComeBackAsErrors() {
        final StructuredValue read = StructuredReader.read("{\"name\": 1, \"age\": 36}", struct(PERSON), validator);

        assertThat(read.errors()).containsExactly("$.name: integer found, string expected");
    }

    @Test
    void anAnswerWithoutJsonHasNoValue() {
        final StructuredValue read = StructuredReader.read("I cannot help with that.", struct(PERSON), validator);

        assertThat(read.parsed()).isFalse();
        assertThat(read.value()).isNull();
        assertThat(read.json()).isNull();
        assertThat(read.valid()).isFalse();
        assertThat(read.repaired()).isFalse();
        assertThat(read.errors()).containsExactly(StructuredValue.NO_VALUE);
        assertThat(StructuredReader.readObject("").errors()).containsExactly(StructuredValue.NO_VALUE);
    }

    @Test
    void aSchemaThatCannotBeUsedIsAnErrorNotAnException() {
        final StructuredValue read = StructuredReader.read(ADA, struct("{\"$ref\":\"https://example.com/p.json\"}"),
                                                           validator);

        assertThat(read.value()).isEqualTo(json(ADA));
        assertThat(read.errors()).singleElement().asString().contains("is not followed");
    }

    @Test
    void jsonObjectAnswersMustBeObjects() {
        assertThat(StructuredReader.readObject(ADA).valid()).isTrue();
        assertThat(StructuredReader.readObject("[1, 2]").errors()).containsExactly("$: array found, object expected");
        assertThat(StructuredReader.readObject("\"hello\"").valid()).isFalse();

        final StructuredValue wrapped = StructuredReader.readObject("[" + ADA + "]");
        assertThat(wrapped.valid()).isTrue();
        assertThat(wrapped.value()).isEqualTo(json(ADA));
        assertThat(wrapped.repairs()).containsExactly(UNWRAPPED_ARRAY);

        final StructuredValue extracted = StructuredReader.readObject("Steps [1, 2] done; result: " + ADA);
        assertThat(extracted.valid()).isTrue();
        assertThat(extracted.value()).isEqualTo(json(ADA));
        assertThat(extracted.repairs()).containsExactly(SURROUNDING_TEXT);
    }
}
