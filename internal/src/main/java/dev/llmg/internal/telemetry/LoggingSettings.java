package dev.llmg.internal.telemetry;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigSection;

/**
 * The {@code logging:} section: how the console log is written and whether each call gets an access-log line.
 * Both are read at start-up; changing them takes a restart.
 *
 * @param format the console format the configuration asks for ({@code format}); empty when it does not say,
 *               and then the {@code LLMG_LOG_FORMAT} variable decides, else text
 * @param accessLog whether every call writes one line to the {@code llmg.access} logger ({@code access_log},
 *                  true by default)
 */
public record LoggingSettings(Optional<Format> format, boolean accessLog) {

    /** How each log line is written. */
    public enum Format {
        /** One readable line per event, as logback.xml's pattern lays it out. */
        TEXT,
        /** One JSON object per line, for log shippers. */
        JSON;

        /**
         * Returns the format named {@code value}, {@code text} or {@code json} in any case; fails naming
         * {@code where} (a key, or the variable it came from).
         */
        public static Format parse(String value, String where) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "text":
                    return TEXT;
                case "json":
                    return JSON;
                default:
                    throw new ConfigException(where, "must be text or json, not '" + value + '\'');
            }
        }

        /** Returns the name written in the configuration, e.g. {@code json}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks every part is present. */
    public LoggingSettings {
        requireNonNull(format, "format");
    }

    /** Reads the settings from the {@code logging} section of {@code root}. */
    public static LoggingSettings fromConfig(ConfigSection root) {
        final ConfigSection section = root.sectionOrEmpty("logging");
        section.allowOnly("format", "access_log");
        final Optional<Format> format = section.has("format")
                                        ? Optional.of(Format.parse(section.string("format", ""),
                                                                   section.pathOf("format")))
                                        : Optional.empty();
        return new LoggingSettings(format, section.bool("access_log", true));
    }
}
