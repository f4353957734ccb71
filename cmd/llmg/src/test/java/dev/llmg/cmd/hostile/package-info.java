/**
 * The fuzz and hostile-input suite of issue 8: generated malformed inputs for every field of the canonical
 * request on every surface, a provider that echoes its credentials, schema bombs and amplification, all
 * against the real gateway.
 *
 * <p>Inputs come from the protobuf descriptors ({@link dev.llmg.cmd.hostile.CanonicalPaths}), so a field
 * added to {@code ChatRequest} is fuzzed without anyone listing it; OpenAI's request shape comes from a valid
 * base body ({@link dev.llmg.cmd.hostile.BaseRequests}). Each case says whether it must be refused or may be
 * answered ({@link dev.llmg.cmd.hostile.Expectation}); a refusal must be a 4xx or a gRPC status other than
 * INTERNAL and UNKNOWN, in the surface's documented error shape, with a short message free of Java internals
 * ({@link dev.llmg.cmd.hostile.Verdict}, {@link dev.llmg.cmd.hostile.MessageHygiene}), within a few seconds;
 * every batch ends by checking that the gateway is still healthy.
 *
 * <p>The test classes: {@code NativeJsonHostileTest} (REST, gRPC with JSON bodies, gRPC-Web JSON, SSE,
 * embeddings, the models query, requests refused before any service), {@code OpenAiHostileTest}
 * ({@code /v1}), {@code WebSocketHostileTest}, {@code GrpcFrameHostileTest} (hand-built frames over gRPC,
 * gRPC-Web and gRPC-Web-text), {@code GrpcStubHostileTest} (grpc-java stubs with bad values),
 * {@code CredentialEchoTest} and {@code ExhaustionTest} (a gateway in its own small JVM).
 *
 * <p>Run it with {@code ./mvnw -B -ntp -o -pl cmd/llmg test -Dtest='dev.llmg.cmd.hostile.*Test'
 * -Dsurefire.failIfNoSpecifiedTests=false}. Random choices follow {@code -Dhostile.seed=N} (printed in the
 * batch names, so that a failure reproduces); surfaces other than the reference ones (REST chat,
 * {@code /v1} chat, the embeddings routes) get a sample of {@code -Dhostile.budget=N} cases (100; 0 sends
 * every case everywhere); {@code -Dhostile.parallelism=N} calls go out at once (4); a case gets
 * {@code -Dhostile.timeout.millis=N} (3,000) before it counts as unanswered.
 */
package dev.llmg.cmd.hostile;
