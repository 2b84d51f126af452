package io.liaison.streams;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * The messages one logger writes at {@code level} or above while open, whatever level the test
 * JVM's logging configuration gives it: how a test sees what a component (or Kafka) only logs.
 */
final class LogCapture implements AutoCloseable {
    private final String logger;
    private final Appender appender = new Appender();

    private LogCapture(String logger) {
        this.logger = logger;
    }

    static LogCapture of(String logger, Level level) {
        LogCapture capture = new LogCapture(logger);
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        LoggerConfig own = new LoggerConfig(logger, level, true);
        capture.appender.start();
        own.addAppender(capture.appender, level, null);
        config.addLogger(logger, own);
        context.updateLoggers();
        return capture;
    }

    static LogCapture of(Class<?> logger, Level level) {
        return of(logger.getName(), level);
    }

    List<String> messages() {
        return List.copyOf(appender.messages);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().removeLogger(logger);
        context.updateLoggers();
        appender.stop();
    }

    private static final class Appender extends AbstractAppender {
        private final List<String> messages = new CopyOnWriteArrayList<>();

        Appender() {
            super("log-capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            messages.add(event.getMessage().getFormattedMessage());
        }
    }
}
