package dev.llmg.internal.tracking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store in memory that can be made to fail like a database that went away, for the writer's tests (the
 * store's SQL is tested on H2 and PostgreSQL in {@code JdbiInferenceStoreTest}). Keeps every insert attempt.
 */
final class FlakyStore implements InferenceStore {

    private final Map<String, InferenceRecord> stored = new LinkedHashMap<>();
    private volatile boolean down;
    private final java.util.Set<String> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private int duplicatesSkipped;

    /** Makes the database refuse any batch that holds the record {@code id}, as it refuses a value too long. */
    void refuse(String id) {
        refused.add(id);
    }

    void down(boolean down) {
        this.down = down;
    }

    synchronized List<InferenceRecord> stored() {
        return new ArrayList<>(stored.values());
    }

    synchronized int duplicatesSkipped() {
        return duplicatesSkipped;
    }

    @Override
    public synchronized int insert(List<InferenceRecord> records) {
        if (down) {
            throw new IllegalStateException("connection refused");
        }
        for (InferenceRecord record : records) {
            if (refused.contains(record.id())) {
                throw new RecordsRejectedException("value too long for column", null);
            }
        }
        int inserted = 0;
        for (InferenceRecord record : records) {
            if (stored.putIfAbsent(record.id(), record) == null) {
                inserted++;
            } else {
                duplicatesSkipped++;
            }
        }
        return inserted;
    }

    @Override
    public synchronized Optional<InferenceRecord> find(String id, String tenant) {
        return Optional.ofNullable(stored.get(id));
    }

    @Override
    public InferencePage list(InferenceFilter filter, Optional<InferenceCursor> after, int pageSize) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<UsageRow> usage(UsageQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int purgeBefore(Instant cutoff, int limit) {
        throw new UnsupportedOperationException();
    }
}
