package dev.llmg.cmd.hostile;

import static dev.llmg.cmd.hostile.Expectation.ANSWER_OR_REFUSAL;
import static dev.llmg.cmd.hostile.Expectation.REFUSAL;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Spoils a valid JSON body as a whole: empty, cut short, followed by garbage, not an object, too deep, not
 * UTF-8. Every surface that reads JSON must refuse the same bodies, in its own error shape.
 */
final class WholeBodyMutations {

    private WholeBodyMutations() {}

    /** Returns the cases made from {@code base}, a valid body whose first key is {@code firstKey}. */
    static List<HostileCase> of(String base, String firstKey, Random random) {
        final List<HostileCase> cases = new ArrayList<>();
        final String inside = base.substring(1, base.length() - 1);
        cases.add(HostileCase.of("", "empty body", "", REFUSAL));
        cases.add(HostileCase.of("", "whitespace only", " \r\n\t ", REFUSAL));
        final int cut = 1 + random.nextInt(base.length() - 2);
        cases.add(HostileCase.of("", "truncated after " + cut + " characters", base.substring(0, cut), REFUSAL));
        cases.add(HostileCase.of("", "trailing garbage", base + "xyz", REFUSAL));
        cases.add(HostileCase.of("", "two objects", base + base, REFUSAL));
        cases.add(HostileCase.of("", "trailing comma", '{' + inside + ",}", REFUSAL));
        cases.add(HostileCase.of("", "single quotes", base.replace('"', '\''), REFUSAL));
        cases.add(HostileCase.of("", "comment before the body", "/* hi */" + base, REFUSAL));
        cases.add(HostileCase.of("", "NaN literal", "{\"" + firstKey + "\":NaN," + inside + '}', REFUSAL));
        cases.add(HostileCase.of("", "array for the body", '[' + base + ']', REFUSAL));
        cases.add(HostileCase.of("", "string for the body", "\"hello\"", REFUSAL));
        cases.add(HostileCase.of("", "number for the body", "42", REFUSAL));
        cases.add(HostileCase.of("", "null for the body", "null", REFUSAL));
        cases.add(HostileCase.of("", "10,000 nested arrays for the body", HostileValues.DEEP_ARRAYS, REFUSAL));
        cases.add(HostileCase.of("", "10,000 nested arrays in an unknown field",
                                 "{\"no_such_field\":" + HostileValues.DEEP_ARRAYS + ',' + inside + '}',
                                 ANSWER_OR_REFUSAL));
        cases.add(HostileCase.of("", "duplicate key", "{\"" + firstKey + "\":\"first\"," + inside + '}',
                                 ANSWER_OR_REFUSAL));
        cases.add(HostileCase.of("", "unknown field", "{\"no_such_field\":1," + inside + '}', ANSWER_OR_REFUSAL));
        cases.add(HostileCase.of("", "byte order mark", '\ufeff' + base, ANSWER_OR_REFUSAL));
        cases.add(HostileCase.of("", "NUL byte between tokens", base.substring(0, base.length() - 1) + "\u0000}",
                                 REFUSAL));
        cases.add(new HostileCase("", "invalid UTF-8 bytes in a string", invalidUtf8(base), ANSWER_OR_REFUSAL));
        return cases;
    }

    /** Puts the bytes C3 28 (a lead byte without its continuation) into the first string value. */
    private static byte[] invalidUtf8(String base) {
        final int quote = base.indexOf(":\"") + 2;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(base.substring(0, quote).getBytes(StandardCharsets.UTF_8));
        bytes.write(0xC3);
        bytes.write(0x28);
        bytes.writeBytes(base.substring(quote).getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }
}
