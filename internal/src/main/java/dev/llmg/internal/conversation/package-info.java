/**
 * Conversations whose history llmg keeps for its callers ({@code ConversationService}), and the chat context's step
 * that sends a conversation's stored messages ahead of each new turn and stores the turn with its answer.
 *
 * <h2>Context</h2>
 * A turn is sent with the conversation's system prompt, the request's own leading system messages, the newest
 * stored exchanges within the conversation's limits ({@code max_pairs} earlier exchanges, {@code max_context_tokens}
 * tokens in all, defaults from {@code conversations:} in config), then the new turn; the oldest exchanges go first,
 * always whole ({@link dev.llmg.internal.conversation.ContextWindow}). Tokens are counted with OpenAI's encodings
 * where the model's name is one of OpenAI's, estimated elsewhere
 * ({@link dev.llmg.internal.conversation.TokenCounter}).
 *
 * <h2>Atomic history, ordered turns</h2>
 * A turn's messages and its answer are stored in one transaction once the answer is whole (a stream's last provider
 * piece arrived), before the caller gets the answer's end; a failed, refused or cancelled call stores nothing.
 * <ul>
 *   <li><b>On one instance</b>, the turns of a conversation are in line
 *       ({@link dev.llmg.internal.conversation.TurnLine}): a turn opens once the previous one was stored or
 *       abandoned, so each is sent with the answers before it. A turn holds the line at most until its call's
 *       deadline ({@code server.request_timeout}, or 10 minutes for a call without one).</li>
 *   <li><b>On a fleet</b> sharing one database, each append takes its turn number under the conversation's row lock
 *       inside its transaction: turns are stored whole, numbered in the order they committed, and none is lost or
 *       interleaved with another. Two turns opened on different replicas at the same moment may each be sent
 *       without the other's answer (neither waited for the other); route a conversation's calls to one replica
 *       (e.g. by the conversation id) where that matters.</li>
 *   <li><b>Regenerate</b> replaces the last turn's answer only while that turn is still the last: a turn appended
 *       meanwhile makes it FAILED_PRECONDITION, and nothing changes.</li>
 * </ul>
 */
package dev.llmg.internal.conversation;
