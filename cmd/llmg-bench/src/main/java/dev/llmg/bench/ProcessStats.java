package dev.llmg.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a Linux process's CPU time and resident memory from {@code /proc}. */
final class ProcessStats {

    /** USER_HZ, the unit of utime and stime in /proc/PID/stat; 100 on every Linux ABI in use. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessStats() {}

    /** Returns the user plus system CPU time of {@code pid} so far, in nanoseconds. */
    static long cpuNanos(long pid) {
        final String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) may contain spaces and parentheses: count fields after its last ')'.
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        final long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** Returns the resident set size of {@code pid}, in bytes. */
    static long residentBytes(long pid) {
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
