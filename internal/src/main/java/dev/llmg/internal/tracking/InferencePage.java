package dev.llmg.internal.tracking;

import java.util.List;
import java.util.Optional;

/**
 * One page of the newest-first listing.
 *
 * @param records the calls of this page, newest first, without bodies or attempts
 * @param next where the following page starts; empty on the last page
 */
public record InferencePage(List<InferenceRecord> records, Optional<InferenceCursor> next) {

    /** Copies the list. */
    public InferencePage {
        records = List.copyOf(records);
    }
}
