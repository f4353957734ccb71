package dev.llmg.internal.structured;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.inject.Inject;
import javax.inject.Singleton;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import dev.llmg.api.gateway.v1.ExtractJsonResponse;
import dev.llmg.api.gateway.v1.StructuredOutputCheck;
import dev.llmg.api.gateway.v1.StructuredOutputResult;
import dev.llmg.api.gateway.v1.StructuredOutputStatus;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.internal.routing.config.StructuredPolicy;

/**
 * Checks the JSON of an answer, the same way for every provider and front door: the content against the
 * request's schema (or as any JSON object), and each tool call's arguments against its tool's parameters.
 * Reading, mending and validating is {@link StructuredReader}'s; this says what each alternative holds and
 * sums the findings up as the API reports them.
 */
@Singleton
public final class AnswerChecker {

    private static final Struct NO_SCHEMA = Struct.getDefaultInstance();

    private final SchemaValidator validator;

    @Inject
    AnswerChecker() {
        this(new SchemaValidator());
    }

    AnswerChecker(SchemaValidator validator) {
        this.validator = validator;
    }

    /** Returns the checks of one alternative; content is checked only when JSON was asked for. */
    ChoiceCheck check(ChoiceText choice, StructuredRequest asked) {
        CheckedValue content = null;
        if (asked.wantsJson() && !choice.refused() && !(choice.content().isEmpty() && !choice.toolCalls().isEmpty())) {
            content = value(choice.content(), asked.schema(), StructuredOutputCheck.newBuilder()
                                                                                   .setChoice(choice.index()));
        }
        final List<CheckedValue> calls = new ArrayList<>(choice.toolCalls().size());
        for (int i = 0; i < choice.toolCalls().size(); i++) {
            final ToolCall call = choice.toolCalls().get(i);
            final StructuredOutputCheck.Builder where = StructuredOutputCheck.newBuilder().setChoice(choice.index())
                                                                             .setToolCall(i)
                                                                             .setToolName(call.getName());
            final Struct parameters = asked.tools().get(call.getName());
            if (parameters == null) {
                calls.add(new CheckedValue(where.setStatus(StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID)
                                                .addErrors("the model called '" + call.getName()
                                                           + "', a tool the request did not offer").build(),
                                           null, null));
                continue;
            }
            calls.add(value(call.getArguments(), parameters.equals(NO_SCHEMA) ? null : parameters, where));
        }
        return new ChoiceCheck(content, calls);
    }

    /**
     * Returns the value {@code text} holds that fits {@code schemaOrNull} (any JSON object when null), mended, as
     * the one check of an extraction: schema-guided extraction of a JSON value from free text.
     */
    public ExtractJsonResponse extract(String text, Struct schemaOrNull) {
        final CheckedValue found = value(text, schemaOrNull, StructuredOutputCheck.newBuilder());
        final ExtractJsonResponse.Builder response = ExtractJsonResponse.newBuilder().setCheck(found.check());
        if (found.value() != null) {
            final Value value = ParsedValues.valueOf(found.value());
            if (value != null) {
                response.setValue(value);
            }
            response.setJson(found.mendedText() != null ? found.mendedText() : found.value().toString());
        }
        return response.build();
    }

    /** Returns the findings of every alternative, as the answer's metadata reports them. */
    static StructuredOutputResult summary(List<ChoiceCheck> choices, StructuredPolicy policy) {
        final StructuredOutputResult.Builder result =
                StructuredOutputResult.newBuilder().setPolicy(StructuredRequest.apiPolicyOf(policy));
        StructuredOutputStatus overall = StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_VALID;
        for (ChoiceCheck choice : choices) {
            if (choice.content() != null) {
                result.addChecks(choice.content().check());
                overall = worse(overall, choice.content().check().getStatus());
            }
            for (CheckedValue call : choice.toolCalls()) {
                result.addChecks(call.check());
                overall = worse(overall, call.check().getStatus());
            }
        }
        return result.setStatus(overall).build();
    }

    /** Returns the validator's messages of the values that do not fit, for a correction turn or an error. */
    static List<String> problems(StructuredOutputResult result) {
        final List<String> problems = new ArrayList<>();
        for (StructuredOutputCheck check : result.getChecksList()) {
            if (check.getStatus() != StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID) {
                continue;
            }
            final String where = check.hasToolCall() ? "the arguments of tool call " + check.getToolCall() + " ("
                                                       + check.getToolName() + ")" : "the answer";
            for (String error : check.getErrorsList()) {
                problems.add(where + ": " + error);
            }
        }
        return problems;
    }

    private CheckedValue value(String text, Struct schema, StructuredOutputCheck.Builder where) {
        // Without a schema (json_object, a tool without parameters) the value must still be a JSON object.
        final StructuredValue read = schema == null ? StructuredReader.readObject(text)
                                                    : StructuredReader.read(text, schema, validator);
        final StructuredOutputStatus status = !read.valid() ? StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_INVALID
                                              : read.repaired() ? StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_REPAIRED
                                                                : StructuredOutputStatus.STRUCTURED_OUTPUT_STATUS_VALID;
        where.setStatus(status).setTruncated(read.truncated()).addAllErrors(read.errors());
        read.repairs().stream().map(repair -> repair.name().toLowerCase(Locale.ROOT)).sorted()
            .forEach(where::addRepairs);
        return new CheckedValue(where.build(), read.value(),
                                read.parsed() && !read.repairs().isEmpty() ? read.json() : null);
    }

    private static StructuredOutputStatus worse(StructuredOutputStatus a, StructuredOutputStatus b) {
        return a.getNumber() >= b.getNumber() ? a : b;
    }
}
