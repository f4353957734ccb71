package dev.llmg.cmd.hostile;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;

/**
 * Records what the gateway logs, at INFO and above, while a test runs, so that the test can look for secrets in
 * it: a key in a log line leaks as surely as one in an answer.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Level previous;

    /** Starts recording the root logger's events. */
    void start(String name) {
        final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        previous = root.getLevel();
        root.setLevel(Level.INFO);
        setName(name);
        setContext(root.getLoggerContext());
        start();
        root.addAppender(this);
    }

    /** Stops recording and restores the root logger's level. */
    void stopRecording() {
        final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(this);
        root.setLevel(previous);
        stop();
    }

    /** Returns the recorded lines, each with its stack trace if it had one. */
    String text() {
        return String.join("\n", lines);
    }

    @Override
    protected void append(ILoggingEvent event) {
        final IThrowableProxy thrown = event.getThrowableProxy();
        lines.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage()
                  + (thrown == null ? "" : "\n" + ThrowableProxyUtil.asString(thrown)));
    }
}
