package dev.llmg.cmd.hostile;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Turns a surface and its cases into JUnit dynamic tests: one test per case, named by its field path and
 * mutation, then one that checks that the gateway is still healthy after the batch. Stateless surfaces are
 * called a few cases at a time ({@link Prefetch}); the WebSocket, which is one conversation, case by case.
 */
final class HostileBatch {

    private HostileBatch() {}

    /** Returns the batch of {@code cases} sent to {@code surface} (created lazily, when the tests run). */
    static DynamicContainer of(String name, Supplier<JsonSurface> surface, List<HostileCase> cases, URI gateway) {
        return of(name, surface, cases, gateway, true);
    }

    /** Returns the batch, called case by case unless {@code concurrent}. */
    static DynamicContainer of(String name, Supplier<JsonSurface> surface, List<HostileCase> cases, URI gateway,
                               boolean concurrent) {
        final JsonSurface[] opened = new JsonSurface[1];
        final Supplier<JsonSurface> once = () -> {
            synchronized (opened) {
                if (opened[0] == null) {
                    opened[0] = surface.get();
                }
                return opened[0];
            }
        };
        final List<Supplier<Reply>> calls = new ArrayList<>();
        for (HostileCase hostile : cases) {
            calls.add(() -> once.get().send(hostile.body()));
        }
        final Prefetch<Reply> replies = concurrent ? new Prefetch<>(calls) : null;
        final List<DynamicNode> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            final HostileCase hostile = cases.get(i);
            final int index = i;
            tests.add(DynamicTest.dynamicTest(hostile.displayName(), () -> Verdict.check(
                    name, hostile.displayName(), hostile.expectation(),
                    concurrent ? replies.get(index) : calls.get(index).get())));
        }
        tests.add(DynamicTest.dynamicTest("the gateway is healthy after the batch",
                                          () -> GatewayHealth.assertHealthy(gateway, name)));
        return DynamicContainer.dynamicContainer(
                name + " (" + cases.size() + " cases, seed " + HostileSeed.value() + ')', tests);
    }
}
