package dev.llmg.internal.routing.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What llmg does with a structured answer that does not fit its schema ({@code models[*].structured_output}),
 * from least to most insistent; the API's {@code StructuredOutputPolicy} names the same four.
 */
public enum StructuredPolicy {
    /** Check and report only. */
    VALIDATE,
    /** Mend the usual breakage and pass on the mended JSON. */
    REPAIR,
    /** Repair, then ask again with a correction turn, then the next target; pass on the last answer if none fits. */
    RETRY,
    /** Like {@link #RETRY}, and fail the call if nothing fits. */
    STRICT;

    /** Returns the name configs and {@code /v1}'s {@code llmg} extension use, e.g. {@code retry}. */
    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns whether the answer passed on is the mended JSON rather than the model's text. */
    public boolean mends() {
        return this != VALIDATE;
    }

    /** Returns whether an answer that does not fit is sent back for another try. */
    public boolean asksAgain() {
        return this == RETRY || this == STRICT;
    }

    /** Reads a policy's config name; throws {@link IllegalArgumentException} listing the known ones. */
    @JsonCreator
    public static StructuredPolicy of(String name) {
        for (StructuredPolicy policy : values()) {
            if (policy.configName().equals(name)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown structured_output policy '" + name + "'; expected one of "
                + Arrays.stream(values()).map(StructuredPolicy::configName).collect(Collectors.joining(", ")));
    }
}
