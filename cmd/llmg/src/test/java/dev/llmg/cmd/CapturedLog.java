package dev.llmg.cmd;

import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.instrumentation.logback.mdc.v1_0.OpenTelemetryAppender;

/**
 * Keeps everything logged through logback (the gateway's binding) at INFO and above while it is attached,
 * rendered as a log file would show it: message, arguments, key-value pairs, MDC (with the trace and span ids
 * that the OpenTelemetry appender adds, as in logback.xml) and every exception in the cause chain.
 */
final class CapturedLog implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level levelBefore = root.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final OpenTelemetryAppender traced = new OpenTelemetryAppender();

    private CapturedLog() {
        appender.start();
        traced.addAppender(appender);
        traced.start();
        root.addAppender(traced);
        root.setLevel(Level.INFO); // what llmg's own logback.xml logs in production
    }

    /** Starts capturing. */
    static CapturedLog attach() {
        return new CapturedLog();
    }

    /** Returns how many events were logged at WARN or above. */
    long warnings() {
        return events().stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN)).count();
    }

    /** Returns the whole log so far as text. */
    String text() {
        return events().stream().map(CapturedLog::render).collect(Collectors.joining("\n"));
    }

    /** Returns the events logged so far by the logger named {@code loggerName}. */
    List<ILoggingEvent> events(String loggerName) {
        return events().stream().filter(event -> event.getLoggerName().equals(loggerName)).toList();
    }

    @Override
    public void close() {
        root.detachAppender(traced);
        root.setLevel(levelBefore);
        traced.stop();
        appender.stop();
    }

    private List<ILoggingEvent> events() {
        synchronized (appender) { // AppenderBase appends while holding the appender's lock
            return List.copyOf(appender.list);
        }
    }

    private static String render(ILoggingEvent event) {
        return event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage() + ' '
               + (event.getKeyValuePairs() == null ? "" : event.getKeyValuePairs() + " ") + event.getMDCPropertyMap()
               + (event.getThrowableProxy() == null ? ""
                                                    : '\n' + ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
}
