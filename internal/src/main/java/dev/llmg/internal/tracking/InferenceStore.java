package dev.llmg.internal.tracking;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where inference records are kept and read back. Every method blocks on the database: call it from the
 * tracking writer's thread or a blocking executor, never from an event loop.
 */
public interface InferenceStore {

    /**
     * Writes calls and their attempts in one transaction. Idempotent: a record whose id is already stored is
     * skipped whole, so that a batch replayed after an unclear failure (a commit whose answer was lost) never
     * stores a call twice.
     *
     * @return how many records were new
     */
    int insert(List<InferenceRecord> records);

    /** Returns one call with its attempts and bodies; empty when unknown or outside the filter's tenant. */
    Optional<InferenceRecord> find(String id, String tenant);

    /** Returns a page of calls, newest first, after {@code after} (or from the newest). */
    InferencePage list(InferenceFilter filter, Optional<InferenceCursor> after, int pageSize);

    /** Returns the usage report {@code query} asks for, ordered by bucket then key. */
    List<UsageRow> usage(UsageQuery query);

    /** Deletes at most {@code limit} calls (and their attempts) that started before {@code cutoff}; returns how many. */
    int purgeBefore(Instant cutoff, int limit);
}
