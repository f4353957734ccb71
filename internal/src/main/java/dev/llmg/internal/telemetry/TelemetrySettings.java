package dev.llmg.internal.telemetry;

import dev.llmg.internal.config.ConfigSection;

/**
 * The {@code telemetry:} section: what llmg's spans may carry. Where traces and metrics go is not here but in
 * the standard {@code OTEL_*} variables, which every OpenTelemetry user already knows.
 *
 * @param captureContent whether spans carry the messages of prompts and answers ({@code capture_content},
 *                       off by default: they are the callers' data)
 * @param contentLimit the most characters of messages a span attribute keeps ({@code content_limit})
 */
public record TelemetrySettings(boolean captureContent, int contentLimit) {

    /** Reads the settings from the {@code telemetry} section of {@code root}. */
    public static TelemetrySettings fromConfig(ConfigSection root) {
        final ConfigSection section = root.sectionOrEmpty("telemetry");
        section.allowOnly("capture_content", "content_limit");
        return new TelemetrySettings(section.bool("capture_content", false),
                                     section.integer("content_limit", 16_384, 256, 1_048_576));
    }
}
