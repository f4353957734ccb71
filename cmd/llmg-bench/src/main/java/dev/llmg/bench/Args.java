package dev.llmg.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parses {@code --name value} and {@code --flag} arguments into a map, with typed getters. */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    Args(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + '\'');
            }
            final String name = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                values.put(name, args[++i]);
            } else {
                values.put(name, "true");
            }
        }
    }

    /** Returns the value of {@code --name}, or {@code fallback}. */
    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** Returns whether {@code --name} was given with a value other than false. */
    boolean flag(String name) {
        return values.containsKey(name) && !"false".equals(values.get(name));
    }

    /** Returns the integer value of {@code --name}, or {@code fallback}. */
    int integer(String name, int fallback) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
    }

    /** Returns a comma-separated list of integers, or {@code fallback}. */
    List<Integer> integers(String name, String fallback) {
        final List<Integer> list = new ArrayList<>();
        for (String item : string(name, fallback).split(",")) {
            if (!item.isBlank()) {
                list.add(Integer.parseInt(item.trim()));
            }
        }
        return list;
    }

    /** Returns a comma-separated list of words; empty when {@code --name} is absent. */
    List<String> strings(String name) {
        final List<String> list = new ArrayList<>();
        for (String item : string(name, "").split(",")) {
            if (!item.isBlank()) {
                list.add(item.trim());
            }
        }
        return list;
    }

    /** Returns a duration written as {@code 250ms} or {@code 5s}, or {@code fallback}. */
    Duration duration(String name, String fallback) {
        final String text = string(name, fallback);
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
        }
        return Duration.ofMillis(Long.parseLong(text));
    }
}
