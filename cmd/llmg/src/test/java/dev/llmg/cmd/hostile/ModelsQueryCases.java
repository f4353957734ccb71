package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Descriptors.FieldDescriptor;

import dev.llmg.api.gateway.v1.ListModelsRequest;
import dev.llmg.api.json.v1.PageRequest;

/**
 * Generates hostile query strings for {@code GET /api/v1/models} from {@code ListModelsRequest}'s descriptor:
 * each scalar field becomes a dotted query parameter ({@code page.page_size}) with values that are no number,
 * out of range, not decodable, or too long for a URL.
 */
final class ModelsQueryCases {

    private ModelsQueryCases() {}

    /** Returns the cases, the valid query first. */
    static List<HostileCase> of() {
        final ListModelsRequest base = ListModelsRequest.newBuilder()
                                                        .setPage(PageRequest.newBuilder().setPageSize(5)).build();
        final List<HostileCase> cases = new ArrayList<>();
        cases.add(HostileCase.of("", "the valid base query", "page.page_size=5", Expectation.ANSWER));
        for (FieldPath path : CanonicalPaths.of(base)) {
            final String name = path.toString();
            if (path.field().getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                cases.add(HostileCase.of(name, "message as a scalar", name + "=1", Expectation.ANSWER_OR_REFUSAL));
                continue;
            }
            if (path.field().getJavaType() == FieldDescriptor.JavaType.INT) {
                refused(cases, name, "string for number", "abc");
                refused(cases, name, "non-integral", "1.5");
                refused(cases, name, "out of int32 range", "2147483648");
                refused(cases, name, "1e400", "1e400");
                refused(cases, name, "hexadecimal", "0x10");
                refused(cases, name, "percent-encoded NUL", "%00");
                either(cases, name, "negative", "-1");
                either(cases, name, "empty", "");
                either(cases, name, "repeated parameter", "1&" + name + "=2");
            } else {
                either(cases, name, "lone surrogate, percent-encoded", "%ED%A0%80");
                either(cases, name, "percent-encoded NUL and CR LF", "%00%0D%0A");
                either(cases, name, "made-up token", "not-a-token");
                refused(cases, name, "invalid percent-encoding", "%zz");
                refused(cases, name, "20,000 characters (longer than a request line may be)", "a".repeat(20_000));
            }
        }
        either(cases, "no_such_parameter", "unknown parameter", "1");
        return cases;
    }

    private static void refused(List<HostileCase> cases, String name, String mutation, String value) {
        cases.add(HostileCase.of(name, mutation, name + '=' + value, Expectation.REFUSAL));
    }

    private static void either(List<HostileCase> cases, String name, String mutation, String value) {
        cases.add(HostileCase.of(name, mutation, name + '=' + value, Expectation.ANSWER_OR_REFUSAL));
    }
}
