package io.liaison.systemtests.reliability;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Counts log events of one logger whose message contains a phrase: how a test sees that a
 * component took a path it only logs (the backbone replacing a failed stream thread).
 */
final class LogWatch implements AutoCloseable {
    private final LoggerConfig config;
    private final Appender appender;

    private LogWatch(LoggerConfig config, Appender appender) {
        this.config = config;
        this.appender = appender;
    }

    static LogWatch of(Class<?> logger, String phrase) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LoggerConfig config = context.getConfiguration().getLoggerConfig(logger.getName());
        Appender appender = new Appender(logger.getName(), phrase);
        appender.start();
        config.addAppender(appender, Level.ALL, null);
        context.updateLoggers();
        return new LogWatch(config, appender);
    }

    int count() {
        return appender.matches.get();
    }

    @Override
    public void close() {
        config.removeAppender(appender.getName());
        appender.stop();
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();
    }

    private static final class Appender extends AbstractAppender {
        private final String logger;
        private final String phrase;
        private final AtomicInteger matches = new AtomicInteger();

        Appender(String logger, String phrase) {
            super("log-watch-" + System.identityHashCode(phrase), null, null, true, Property.EMPTY_ARRAY);
            this.logger = logger;
            this.phrase = phrase;
        }

        @Override
        public void append(LogEvent event) {
            if (event.getLoggerName().equals(logger)
                    && event.getMessage().getFormattedMessage().contains(phrase)) {
                matches.incrementAndGet();
            }
        }
    }
}
