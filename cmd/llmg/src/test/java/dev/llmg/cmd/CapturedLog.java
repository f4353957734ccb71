package dev.llmg.cmd;

import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;

/**
 * Keeps everything logged through logback (the gateway's binding) at INFO and above while it is attached,
 * rendered as a log file would show it: message, arguments, MDC and every exception in the cause chain.
 */
final class CapturedLog implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level levelBefore = root.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog() {
        appender.start();
        root.addAppender(appender);
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

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(levelBefore);
        appender.stop();
    }

    private List<ILoggingEvent> events() {
        synchronized (appender) { // AppenderBase appends while holding the appender's lock
            return List.copyOf(appender.list);
        }
    }

    private static String render(ILoggingEvent event) {
        return event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage() + ' '
               + event.getMDCPropertyMap()
               + (event.getThrowableProxy() == null ? ""
                                                    : '\n' + ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
}
