package dev.llmg.internal.tracking;

import static java.util.Objects.requireNonNull;

import java.io.Flushable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes inference records off the request path: calls that end are queued (a bounded queue; offering never
 * blocks), and one thread of its own, {@code llmg-tracking-writer}, turns them into records and inserts them in
 * batches, by size ({@code tracking.batch_size}) or by time ({@code tracking.flush_interval}).
 *
 * <p>Nothing is dropped. When the database fails, the batch goes to the {@link SpillFile} and so do the
 * following ones, without waiting on the database, until a probe finds it back; then the spilled records are
 * replayed between live batches. When the queue is full (the writer cannot keep up), the record is spilled at
 * once by the thread that ended the call: a short append to a local file, the price of never losing it.
 *
 * <p>A graceful stop ({@link #flush()}, after the server has drained its calls) writes what is queued, or
 * spills it when the database is away or {@code tracking.drain_timeout} passes, and syncs the spill to disk.
 */
@Singleton
public final class InferenceWriter implements Flushable {

    private static final Logger logger = LoggerFactory.getLogger(InferenceWriter.class);

    private static final long FIRST_PROBE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long LAST_PROBE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ArrayBlockingQueue<EndedCall> queue;
    private final InferenceStore store;
    private final InferenceRecords records;
    private final SpillFile spill;
    private final TrackingSettings settings;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();

    private volatile boolean stopping;
    private volatile boolean databaseDown;
    private long probeDelayNanos = FIRST_PROBE_NANOS;
    private long nextProbeNanos;

    @Inject
    InferenceWriter(InferenceStore store, InferenceRecords records, TrackingSettings settings) {
        this(store, records, settings, new SpillFile(settings.spillDirectory()));
    }

    InferenceWriter(InferenceStore store, InferenceRecords records, TrackingSettings settings, SpillFile spill) {
        this.store = requireNonNull(store, "store");
        this.records = requireNonNull(records, "records");
        this.settings = requireNonNull(settings, "settings");
        this.spill = requireNonNull(spill, "spill");
        queue = new ArrayBlockingQueue<>(settings.queueSize());
        thread = new Thread(this::run, "llmg-tracking-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues the record of a call that ended; never blocks. When the queue is full, or the writer has stopped,
     * the record is spilled to disk at once.
     */
    void submit(EndedCall ended) {
        if (!stopping && queue.offer(ended)) {
            return;
        }
        overflowed.incrementAndGet();
        spill.append(List.of(recordOf(ended)));
    }

    /** Returns how many calls wait in memory to be written. */
    public int queueDepth() {
        return queue.size();
    }

    /** Returns how many records wait on disk, spilled, to be replayed into the database. */
    public long spilled() {
        return spill.pending();
    }

    /** Returns how many records this writer has put in the database (replayed ones included). */
    public long written() {
        return written.get();
    }

    /** Returns the most calls that wait in memory. */
    public int queueCapacity() {
        return settings.queueSize();
    }

    /** Returns whether the last write to the database succeeded. */
    public boolean databaseUp() {
        return !databaseDown;
    }

    /** Returns how many records were spilled by the thread that ended the call, because the queue was full. */
    public long overflowed() {
        return overflowed.get();
    }

    /**
     * Writes (or spills) everything queued and stops the writer; calls that end later are spilled. Waits at
     * most {@code tracking.drain_timeout} for the database, then spills what is left.
     */
    @Override
    public void flush() {
        stopping = true;
        try {
            thread.join(settings.drainTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            logger.warn("The database took longer than tracking.drain_timeout ({}); spilling the {} queued inference "
                        + "records to {}", settings.drainTimeout(), queue.size(), settings.spillDirectory());
        }
        final List<EndedCall> left = new ArrayList<>();
        queue.drainTo(left);
        spill.append(recordsOf(left));
        spill.close();
        logger.info("Inference records: {} written, {} waiting on disk in {}", written.get(), spill.pending(),
                    settings.spillDirectory());
    }

    @Override
    public String toString() {
        return "inference writer";
    }

    private void run() {
        final List<EndedCall> batch = new ArrayList<>(settings.batchSize());
        final long intervalNanos = settings.flushInterval().toNanos();
        while (true) {
            try {
                final boolean replayWaiting = spill.pending() > 0 && mayTryDatabase();
                final EndedCall first = stopping || replayWaiting ? queue.poll()
                                                                  : queue.poll(intervalNanos, TimeUnit.NANOSECONDS);
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    replayOneChunk();
                    continue;
                }
                batch.add(first);
                final long deadline = System.nanoTime() + intervalNanos;
                while (batch.size() < settings.batchSize()) {
                    queue.drainTo(batch, settings.batchSize() - batch.size());
                    final long left = deadline - System.nanoTime();
                    if (batch.size() >= settings.batchSize() || left <= 0 || stopping) {
                        break;
                    }
                    final EndedCall next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                write(recordsOf(batch));
                batch.clear();
                if (!stopping) {
                    replayOneChunk();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // Spilling itself failed (a full disk, an unreadable spill file): said loudly, and the writer goes
                // on after a pause rather than spinning on the same failure.
                if (batch.isEmpty()) {
                    logger.error("The tracking writer could not replay spilled records; trying again in a second", e);
                } else {
                    logger.error("Lost {} inference records: they could be neither written nor spilled", batch.size(),
                                 e);
                }
                batch.clear();
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void write(List<InferenceRecord> batch) {
        if (!mayTryDatabase()) {
            spill.append(batch);
            return;
        }
        final int stored = insert(batch);
        if (stored < batch.size()) {
            spill.append(batch.subList(stored, batch.size()));
        }
    }

    private void replayOneChunk() {
        if (spill.pending() == 0 || !mayTryDatabase()) {
            return;
        }
        final List<InferenceRecord> chunk = spill.next(settings.batchSize());
        if (chunk.isEmpty()) {
            return;
        }
        if (insert(chunk) == chunk.size()) {
            spill.acknowledge();
            if (spill.pending() == 0) {
                logger.info("Every spilled inference record is in the database");
            }
        }
    }

    /**
     * Inserts {@code batch}; returns how many of its first records are settled (stored, already stored, or set
     * aside as refused): all of them, unless the database went away, in which case the rest are the caller's
     * to spill. A batch the database refuses for a record's content is retried record by record, so that one
     * bad record never holds back the others.
     */
    private int insert(List<InferenceRecord> batch) {
        try {
            written.addAndGet(store.insert(batch));
            databaseAnswered();
            return batch.size();
        } catch (RecordsRejectedException e) {
            databaseAnswered();
        } catch (RuntimeException | AssertionError e) {
            // A driver may report a connection lost mid-statement as anything, AssertionError included.
            databaseFailed(e);
            return 0;
        }
        for (int i = 0; i < batch.size(); i++) {
            final InferenceRecord record = batch.get(i);
            try {
                written.addAndGet(store.insert(List.of(record)));
            } catch (RecordsRejectedException e) {
                logger.error("The database refused inference record {}; it is kept in {}/rejected.jsonl: {}",
                             record.id(), settings.spillDirectory(), e.getMessage());
                spill.reject(record);
            } catch (RuntimeException | AssertionError e) {
                databaseFailed(e);
                return i;
            }
        }
        return batch.size();
    }

    private boolean mayTryDatabase() {
        return !databaseDown || System.nanoTime() - nextProbeNanos >= 0;
    }

    private void databaseAnswered() {
        if (databaseDown) {
            logger.info("The inference database answers again; replaying {} spilled records", spill.pending());
        }
        databaseDown = false;
        probeDelayNanos = FIRST_PROBE_NANOS;
    }

    private void databaseFailed(Throwable e) {
        if (!databaseDown) {
            logger.warn("Could not write inference records ({}); spilling them to {} until the database answers",
                        e.toString(), settings.spillDirectory());
        }
        databaseDown = true;
        nextProbeNanos = System.nanoTime() + probeDelayNanos;
        probeDelayNanos = Math.min(LAST_PROBE_NANOS, probeDelayNanos * 2);
    }

    private List<InferenceRecord> recordsOf(List<EndedCall> ended) {
        final List<InferenceRecord> converted = new ArrayList<>(ended.size());
        for (EndedCall call : ended) {
            converted.add(recordOf(call));
        }
        return converted;
    }

    /** Returns the record of a call; a bug in making it costs the record its details, never the record. */
    private InferenceRecord recordOf(EndedCall ended) {
        try {
            return records.of(ended);
        } catch (RuntimeException e) {
            logger.error("Could not make the full inference record of call {}; recording what is sure",
                         ended.call().requestId(), e);
            return InferenceRecords.bare(ended);
        }
    }
}
