package dev.llmg.internal.conversation;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import javax.inject.Inject;
import javax.inject.Singleton;

import com.linecorp.armeria.common.CommonPools;

/**
 * Puts the turns of one conversation in line on this instance: a turn opens only once the one before it ended (its
 * answer kept, or abandoned), so that it is sent with that answer in its history. A place is held at most until
 * {@code maxHold} (the holder's deadline, or a bound for a call without one), so that a caller that stops reading
 * its stream cannot hold up the conversation for ever.
 *
 * <p>Only this instance's turns are in line: on a fleet, two replicas may open turns of one conversation at once;
 * both are stored whole and in order (the database numbers them, see {@link ConversationStore#append}), but the
 * later one was not sent with the earlier one's answer.
 */
@Singleton
final class TurnLine {

    /** A turn's place in line: released once, by whichever comes first of its end and its bound. */
    static final class Place {
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile ScheduledFuture<?> bound;

        /** Lets the next turn of the conversation open; later calls do nothing. */
        void release() {
            if (released.compareAndSet(false, true)) {
                final ScheduledFuture<?> timer = bound;
                if (timer != null) {
                    timer.cancel(false);
                }
                ended.complete(null);
            }
        }
    }

    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    @Inject
    TurnLine() {}

    /**
     * Takes the next place in {@code conversationId}'s line; the returned future completes with it once every
     * earlier place was released. The place then releases itself after {@code maxHold} (asked when it is granted,
     * so that time spent waiting counts against the holder's deadline).
     */
    CompletableFuture<Place> enter(String conversationId, Supplier<Duration> maxHold) {
        final Place mine = new Place();
        final CompletableFuture<Void> ended = mine.ended;
        final CompletableFuture<Void> before = tails.put(conversationId, ended); // atomic: the previous last place
        // The last place in line removes the conversation's entry, so that idle conversations cost nothing here.
        ended.thenRun(() -> tails.remove(conversationId, ended));
        final CompletableFuture<Place> granted = new CompletableFuture<>();
        (before == null ? CompletableFuture.<Void>completedFuture(null) : before).thenRun(() -> {
            final long millis = Math.max(1, maxHold.get().toMillis());
            mine.bound = CommonPools.workerGroup().next().schedule(mine::release, millis, TimeUnit.MILLISECONDS);
            if (mine.released.get()) {
                mine.bound.cancel(false);
            }
            granted.complete(mine);
        });
        return granted;
    }
}
