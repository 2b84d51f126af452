package io.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CLI's log4j2.properties drops the ERROR with which Kafka Streams' TaskManager reports tasks
 * whose state it discards after an unclean stop, and nothing else it says. The message is built the
 * way TaskManager builds it (its thread's prefix, then {@code "Get exceptions for the following
 * tasks: {}"} over a map of task id to exception), from Kafka's own exception classes; system-tests'
 * UncleanRestartIT shows a real restart after kill -9 without it.
 */
class TaskCorruptionFilterTest {
    private static final String TASK_MANAGER = "org.apache.kafka.streams.processor.internals.TaskManager";
    /** TaskManager's format, after the prefix its LogContext puts before every message of the thread. */
    private static final String KAFKA_FORMAT =
            "stream-thread [liaison-backbone-e40795aa-a397-42ff-ae6c-4ae7b9d0ad3f-StreamThread-1] Get exceptions for"
                    + " the following tasks: {}";

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private LoggerContext context;

    @BeforeEach
    void theCliConfiguration() throws URISyntaxException {
        context = new LoggerContext("task-corruption-filter-test");
        Configuration config = new PropertiesConfigurationFactory()
                .getConfiguration(
                        context,
                        ConfigurationSource.fromUri(
                                Liaison.class.getResource("/log4j2.properties").toURI()));
        context.start(config);
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                logged.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        context.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
        context.updateLoggers();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private static TaskCorruptedException corrupted(TaskId task) {
        return new TaskCorruptedException(Set.of(task));
    }

    @Test
    void theErrorListingOnlyCorruptedTasksIsDropped() {
        Map<TaskId, RuntimeException> exceptions = new LinkedHashMap<>();
        exceptions.put(new TaskId(0, 0), corrupted(new TaskId(0, 0)));
        exceptions.put(new TaskId(0, 1), corrupted(new TaskId(0, 1)));
        exceptions.put(new TaskId(0, 2), new TaskCorruptedException(Set.of(new TaskId(0, 2), new TaskId(1, 2))));

        Logger taskManager = context.getLogger(TASK_MANAGER);
        taskManager.error(KAFKA_FORMAT, exceptions);
        taskManager.error(KAFKA_FORMAT, Map.of(new TaskId(3, 0), corrupted(new TaskId(3, 0))));

        assertThat(logged).isEmpty();
    }

    @Test
    void theSameErrorWithAnyOtherExceptionInItIsKept() {
        Map<TaskId, RuntimeException> exceptions = new LinkedHashMap<>();
        exceptions.put(new TaskId(0, 0), corrupted(new TaskId(0, 0)));
        exceptions.put(new TaskId(0, 1), new StreamsException("disk full"));

        context.getLogger(TASK_MANAGER).error(KAFKA_FORMAT, exceptions);

        assertThat(logged).singleElement().asString().contains("disk full");
    }

    @Test
    void everyOtherErrorOfTheTaskManagerIsKept() {
        context.getLogger(TASK_MANAGER).error("Exception caught while clean-closing active task {}: {}", "0_1", "x");

        assertThat(logged).containsExactly("Exception caught while clean-closing active task 0_1: x");
    }
}
