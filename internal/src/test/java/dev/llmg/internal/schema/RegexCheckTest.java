package dev.llmg.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The structural ReDoS rule reads every syntax Java accepts without tripping, and judges its shapes. */
class RegexCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "[]a]+", "[^]a]*x", "[a-z&&[^b]]+", "\\Qa.b(\\E+", "(?i)abc", "(?i:ab)+", "(?<year>\\d{4})-\\k<year>",
            "(?<=a)b+", "(?<!a)b", "(?=x)y", "(?!x)y", "(?>a+)b", "\\x41\\x{1F600}\\u0041", "\\p{L}+\\P{Lu}",
            "\\pL+", "\\cA", "\\0101", "(a)\\1+", "x{2}", "x{2,}", "x{2,5}?", "a*+b", "\\t\\n\\r\\f\\a\\e", "😀+",
            "^$", "", "()", "(|a)", "a|b|", "\\Q\\E", "\\Qab",
    })
    void readsEverySyntaxJavaAccepts(String regex) {
        RegexCheck.problem(regex, SchemaLimits.DEFAULT); // must not throw
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "(a+)+", "(?:a+)*", "(?<n>a*)+", "(?i:a+)+", "(\\d+\\.?)+", "(\\Qa\\E+)+", "(ab|a)*", "(x|xy)+", "(a|b|a)+", "([ab]|c)*",
            "(x(a|a))*", "(?:\\s*,\\s*\\w+)*", "(a{1,20}){17}", "((a+))+", "(.+)+$",
    })
    void refusesAmbiguousRepeats(String regex) {
        assertThat(RegexCheck.problem(regex, SchemaLimits.DEFAULT)).as(regex).isPresent()
                .get().asString().contains("exponential time");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "(a|b)+", "(foo|bar|baz)*", "(ab|ac)+", "(ab[0-9]|ac[0-9])*", "(\\.\\d+)*", "(-[a-z]+)*", "(ab?)*", "(a+){1,16}", "((a|a){4}){4}",
            "a+b+c*", ".*foo.*", "(x(a|bc))*", "([a-z]+)",
    })
    void acceptsUnambiguousRepeats(String regex) {
        assertThat(RegexCheck.problem(regex, SchemaLimits.DEFAULT)).as(regex).isEmpty();
    }
}
