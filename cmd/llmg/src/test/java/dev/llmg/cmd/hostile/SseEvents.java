package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;

/** Splits a whole Server-Sent Events body into its events. */
final class SseEvents {

    /** Holds one event: its name ({@code message} when none was given) and its data. */
    record Event(String name, String data) {}

    private SseEvents() {}

    /** Returns the events of {@code body}, in order. */
    static List<Event> parse(String body) {
        final List<Event> events = new ArrayList<>();
        for (String block : body.replace("\r\n", "\n").split("\n\n")) {
            String name = "message";
            final StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).strip());
                }
            }
            if (data.length() > 0 || !"message".equals(name)) {
                events.add(new Event(name, data.toString()));
            }
        }
        return events;
    }
}
