package dev.llmg.cmd;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.AppenderAttachable;

import dev.llmg.internal.telemetry.LoggingSettings;
import dev.llmg.internal.telemetry.LoggingSettings.Format;

/**
 * Chooses the console log's format at start-up and has Logback write it: {@code logging.format} when the
 * configuration sets it, else the {@code LLMG_LOG_FORMAT} environment variable, else text. The key wins so that
 * what a config file says is what runs; a config that wants the environment to decide writes
 * {@code format: ${LLMG_LOG_FORMAT:-text}}.
 *
 * <p>logback.xml writes text. JSON is the same appender ({@code CONSOLE}) with Logback's own
 * {@link JsonEncoder} in place of its pattern, so that levels, the OpenTelemetry MDC appender in front of it
 * and anything else logback.xml says stay as they are.
 */
final class LogFormat {

    /** The environment variable that chooses the format when the configuration does not. */
    static final String ENVIRONMENT_VARIABLE = "LLMG_LOG_FORMAT";

    /** The name of logback.xml's console appender, whose encoder JSON replaces. */
    static final String APPENDER_NAME = "CONSOLE";

    private static final org.slf4j.Logger logger = LoggerFactory.getLogger(LogFormat.class);

    private LogFormat() {}

    /**
     * Returns the format to write: {@code settings}' when set, else {@code environment}'s
     * {@value #ENVIRONMENT_VARIABLE}, else text. A variable with another value than text or json is a
     * configuration error even when the key overrides it: it is a typo worth stopping for.
     */
    static Format choose(LoggingSettings settings, Map<String, String> environment) {
        final String variable = environment.get(ENVIRONMENT_VARIABLE);
        final Optional<Format> fromEnvironment =
                variable == null || variable.isBlank()
                ? Optional.empty()
                : Optional.of(Format.parse(variable, "environment variable " + ENVIRONMENT_VARIABLE));
        return settings.format().or(() -> fromEnvironment).orElse(Format.TEXT);
    }

    /**
     * Has the console appender write {@code format}; returns whether the log is now written so. Text is what
     * logback.xml writes already; JSON needs its {@code CONSOLE} appender, without which (another Logback
     * configuration, another SLF4J binding) the log stays as configured and a warning says so.
     */
    static boolean apply(Format format) {
        if (format == Format.TEXT) {
            return true;
        }
        final ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        final Optional<OutputStreamAppender<ILoggingEvent>> console =
                factory instanceof LoggerContext ? console((LoggerContext) factory) : Optional.empty();
        if (console.isEmpty()) {
            logger.warn("logging.format {}: the Logback configuration has no {} console appender to write it; "
                        + "lines are written as that configuration says", format.label(), APPENDER_NAME);
            return false;
        }
        console.get().setEncoder(jsonEncoder((LoggerContext) factory));
        return true;
    }

    /** Returns one JSON object per line: time, level, thread, logger, MDC, key-value pairs, message, exception. */
    private static JsonEncoder jsonEncoder(LoggerContext context) {
        final JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false); // the logger context's name and properties, the same on every line
        json.setWithArguments(false); // they are in the formatted message
        json.setWithMessage(false); // the pattern with its {} placeholders
        json.setWithFormattedMessage(true);
        json.start();
        return json;
    }

    /**
     * Writes the lines still queued for the console (logback.xml writes through an asynchronous appender) and
     * stops Logback; the last thing llmg does before its JVM exits.
     */
    static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext) {
            ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
        }
    }

    /** Finds the console appender on the root logger, or behind the appenders in front of it (MDC, async). */
    private static Optional<OutputStreamAppender<ILoggingEvent>> console(LoggerContext context) {
        final Appender<ILoggingEvent> found = find(context.getLogger(Logger.ROOT_LOGGER_NAME));
        return found instanceof OutputStreamAppender ? Optional.of((OutputStreamAppender<ILoggingEvent>) found)
                                                     : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Appender<ILoggingEvent> find(AppenderAttachable<ILoggingEvent> holder) {
        final Appender<ILoggingEvent> named = holder.getAppender(APPENDER_NAME);
        if (named != null) {
            return named;
        }
        for (Iterator<Appender<ILoggingEvent>> it = holder.iteratorForAppenders(); it.hasNext();) {
            final Appender<ILoggingEvent> appender = it.next();
            if (appender instanceof AppenderAttachable) {
                final Appender<ILoggingEvent> behind = find((AppenderAttachable<ILoggingEvent>) appender);
                if (behind != null) {
                    return behind;
                }
            }
        }
        return null;
    }
}
