package dev.llmg.internal.tracking;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The local, append-only refuge of records the database could not take (an outage, or more calls than the
 * writer keeps up with): one JSON line per record in files under {@code tracking.spill_dir}, replayed into the
 * database, oldest file first, once it answers again, and deleted when replayed. Files left by an earlier run
 * (a crash, a stop during an outage) are replayed too.
 *
 * <p>Appends go to the newest file, which is closed (and a new one begun) when replay wants it or it grows
 * past {@value #ROTATE_BYTES} bytes; replay reads only closed files. A line cut short by a crash is skipped
 * with a warning. Records the database refuses for their content go to {@code rejected.jsonl}, which is kept
 * and never replayed. Replay is at least once: a chunk whose insert failed is offered again, and the store skips
 * records it already holds, so none is stored twice.
 */
final class SpillFile {

    private static final Logger logger = LoggerFactory.getLogger(SpillFile.class);

    private static final long ROTATE_BYTES = 64L << 20;
    private static final String PREFIX = "inferences-";
    private static final String SUFFIX = ".jsonl";
    private static final String REJECTED = "rejected.jsonl";

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Path directory;
    private final AtomicLong pending = new AtomicLong();
    private long sequence;

    private Path appending;
    private FileChannel appendChannel;
    private OutputStream appendStream;
    private long appendedBytes;

    private Path replaying;
    private BufferedReader replayReader;
    private String lookahead;
    private Path replayed;
    private List<InferenceRecord> chunk = List.of();

    /** Opens the spill directory, counting the records earlier runs left there. */
    SpillFile(Path directory) {
        this.directory = requireNonNull(directory, "directory");
        long left = 0;
        for (Path file : files()) {
            left += lines(file);
        }
        pending.set(left);
        if (left > 0) {
            logger.info("{} inference records wait in {} from an earlier run; they will be replayed", left, directory);
        }
    }

    /** Returns how many records wait on disk to be replayed. */
    long pending() {
        return pending.get();
    }

    /** Appends {@code records}, flushed to the operating system before it returns. */
    void append(List<InferenceRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        final byte[] bytes;
        try {
            // Printed before the lock is taken: the thread that ended a call may be appending beside the writer.
            final StringBuilder lines = new StringBuilder(records.size() * 512);
            for (InferenceRecord record : records) {
                lines.append(line(record)).append('\n');
            }
            bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an inference record could not be printed as JSON", e);
        }
        synchronized (this) {
            try {
                openForAppend().write(bytes);
                appendStream.flush();
                appendedBytes += bytes.length;
                pending.addAndGet(records.size());
                if (appendedBytes > ROTATE_BYTES) {
                    closeAppending();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not spill " + records.size() + " inference records to "
                                               + directory, e);
            }
        }
    }

    /**
     * Sets aside a record the database refused on its own ({@link RecordsRejectedException}): appended to
     * {@code rejected.jsonl} beside the spill, never replayed, for an operator to read; never dropped.
     */
    synchronized void reject(InferenceRecord record) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(REJECTED), line(record) + '\n', StandardCharsets.UTF_8,
                              StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not set aside inference record " + record.id() + " in " + directory,
                                           e);
        }
    }

    /** Returns the JSON line that keeps {@code record}, without its newline. */
    String line(InferenceRecord record) throws JsonProcessingException {
        return json.writeValueAsString(record);
    }

    /**
     * Returns the next records to replay, at most {@code max}: the chunk last returned again until it is
     * {@link #acknowledge() acknowledged}, so that a failed insert is retried with the same records.
     */
    synchronized List<InferenceRecord> next(int max) {
        if (!chunk.isEmpty()) {
            return chunk;
        }
        try {
            final List<InferenceRecord> read = new ArrayList<>();
            while (read.size() < max) {
                if (replayReader == null && !openNextForReplay()) {
                    break;
                }
                final String line = lookahead != null ? lookahead : replayReader.readLine();
                lookahead = null;
                if (line == null) {
                    finishReplayedFile();
                    if (read.isEmpty()) {
                        deleteReplayed(); // nothing of it is waiting to be acknowledged
                    } else {
                        break; // acknowledge what was read before starting on the next file
                    }
                    continue;
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    read.add(json.readValue(line, InferenceRecord.class));
                } catch (JsonProcessingException e) {
                    pending.decrementAndGet();
                    logger.warn("Skipped a spilled inference record in {} that is not whole JSON (a write cut by a "
                                + "crash?): {}", replaying, e.getOriginalMessage());
                }
            }
            if (replayReader != null) {
                // Look one line ahead, so that a file whose last record was just read is finished now (and
                // deleted once they are acknowledged) rather than left behind once nothing is pending.
                lookahead = replayReader.readLine();
                if (lookahead == null) {
                    finishReplayedFile();
                }
            }
            if (read.isEmpty()) {
                deleteReplayed();
                if (replayReader == null && appending == null && closedFiles().isEmpty()) {
                    pending.set(0); // nothing is left on disk, whatever the count said (a file removed by hand)
                }
            }
            chunk = List.copyOf(read);
            return chunk;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read spilled inference records in " + directory, e);
        }
    }

    /** Notes that the chunk last returned by {@link #next} is in the database. */
    synchronized void acknowledge() {
        pending.addAndGet(-chunk.size());
        chunk = List.of();
        deleteReplayed();
    }

    /** Flushes the file being appended to the disk itself and closes it; later appends begin a new file. */
    synchronized void close() {
        try {
            closeAppending();
            if (replayReader != null) {
                replayReader.close();
                replayReader = null;
                replaying = null;
                lookahead = null;
            }
        } catch (IOException e) {
            logger.warn("Could not close the spill file in {}", directory, e);
        }
    }

    private OutputStream openForAppend() throws IOException {
        if (appendStream == null) {
            Files.createDirectories(directory);
            appending = directory.resolve(PREFIX + System.currentTimeMillis() + '-' + ++sequence + SUFFIX);
            appendChannel = FileChannel.open(appending, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                                             StandardOpenOption.APPEND);
            appendStream = java.nio.channels.Channels.newOutputStream(appendChannel);
            appendedBytes = 0;
            logger.warn("Spilling inference records to {} until the database takes them", appending);
        }
        return appendStream;
    }

    private void closeAppending() throws IOException {
        if (appendStream != null) {
            appendChannel.force(true);
            appendStream.close();
            appendStream = null;
            appendChannel = null;
            appending = null;
        }
    }

    /** Opens the oldest closed file; closes the one being appended when it is the only one left. */
    private boolean openNextForReplay() throws IOException {
        List<Path> closed = closedFiles();
        if (closed.isEmpty() && appending != null) {
            closeAppending();
            closed = closedFiles();
        }
        if (closed.isEmpty()) {
            return false;
        }
        replaying = closed.get(0);
        replayReader = Files.newBufferedReader(replaying, StandardCharsets.UTF_8);
        return true;
    }

    /**
     * Closes the file read to its end; it is deleted once its last records are acknowledged, so that a stop
     * before then leaves them on disk to be replayed again.
     */
    private void finishReplayedFile() throws IOException {
        replayReader.close();
        replayReader = null;
        replayed = replaying;
        replaying = null;
    }

    private void deleteReplayed() {
        if (replayed == null) {
            return;
        }
        try {
            Files.deleteIfExists(replayed);
            logger.info("Replayed the spilled inference records of {}", replayed);
        } catch (IOException e) {
            logger.warn("Could not delete {}, whose records are in the database; they will be offered again and skipped",
                        replayed, e);
        }
        replayed = null;
    }

    private List<Path> closedFiles() {
        final List<Path> closed = new ArrayList<>();
        for (Path file : files()) {
            if (!file.equals(appending) && !file.equals(replaying) && !file.equals(replayed)) {
                closed.add(file);
            }
        }
        return closed;
    }

    /** Returns the spill files, oldest first (their names start with the time they were begun). */
    private List<Path> files() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(file -> {
                final String name = file.getFileName().toString();
                return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
            }).sorted((a, b) -> compareNames(a.getFileName().toString(), b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the spill directory " + directory, e);
        }
    }

    /** Orders {@code inferences-<millis>-<sequence>.jsonl} by time, then sequence. */
    private static int compareNames(String a, String b) {
        final long[] first = stamp(a);
        final long[] second = stamp(b);
        final int byTime = Long.compare(first[0], second[0]);
        return byTime != 0 ? byTime : Long.compare(first[1], second[1]);
    }

    private static long[] stamp(String name) {
        final String[] parts = name.substring(PREFIX.length(), name.length() - SUFFIX.length()).split("-");
        try {
            return new long[] { Long.parseLong(parts[0]), parts.length > 1 ? Long.parseLong(parts[1]) : 0 };
        } catch (NumberFormatException e) {
            return new long[] { Long.MAX_VALUE, 0 };
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(line -> !line.isBlank()).count();
        } catch (IOException | UncheckedIOException e) {
            logger.warn("Could not count the records spilled in {}", file, e);
            return 0;
        }
    }
}
