package io.ledgerflow.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerflow.lambdas.EmfLines;
import io.ledgerflow.lambdas.Telemetry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;

/**
 * The home's log, {@value #FILE}: what the local functions log, one JSON object a line in
 * Powertools' Lambda layout (as their log groups hold it on AWS), and each invocation's metrics
 * as its EMF document. On AWS, Lambda captures a function's standard output; here every function
 * runs in one process beside the CLI's own output, so Log4j writes them to this file instead.
 */
public final class HomeLog implements AutoCloseable {

    /** Under the home. */
    public static final String FILE = "logs/ledgerflow.log";
    /** The logger EMF documents go through, written as they are (one JSON document a line). */
    static final String EMF_LOGGER = "ledgerflow.emf";
    private static final String OURS = "io.ledgerflow";
    private static final Logger EMF = LogManager.getLogger(EMF_LOGGER);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Appender> appenders;

    private HomeLog(List<Appender> appenders) {
        this.appenders = appenders;
    }

    /**
     * Sends our loggers (through the root logger, to which they are additive) and the libraries'
     * warnings to {@code home}'s log, and every local
     * function's EMF documents with them, until {@link #close}.
     */
    public static HomeLog attach(Path home) {
        Path file = home.resolve(FILE).toAbsolutePath();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        String name = "home-log:" + file;
        // Two appenders on one file name share Log4j's one file manager: lines never interleave.
        Appender json = FileAppender.newBuilder().setName(name).withFileName(file.toString()).withAppend(true)
                .setConfiguration(config)
                .setLayout(JsonTemplateLayout.newBuilder().setConfiguration(config)
                        .setEventTemplateUri("classpath:LambdaJsonLayout.json").build())
                .build();
        Appender emf = FileAppender.newBuilder().setName(name + ":emf").withFileName(file.toString()).withAppend(true)
                .setConfiguration(config)
                .setLayout(PatternLayout.newBuilder().withConfiguration(config).withPattern("%m%n").build())
                .build();
        synchronized (HomeLog.class) {
            json.start();
            emf.start();
            config.addAppender(json);
            config.addAppender(emf);
            loggerConfig(config, OURS, Level.INFO, true);
            loggerConfig(config, EMF_LOGGER, Level.INFO, false).addAppender(emf, null, null);
            config.getRootLogger().addAppender(json, null, null);
            context.updateLoggers();
        }
        Telemetry.useMetricsProvider(new EmfLines(EMF::info));
        return new HomeLog(List.of(json, emf));
    }

    private static LoggerConfig loggerConfig(Configuration config, String name, Level level, boolean additive) {
        LoggerConfig existing = config.getLoggers().get(name);
        if (existing != null) {
            return existing;
        }
        LoggerConfig created = new LoggerConfig(name, level, additive);
        config.addLogger(name, created);
        return created;
    }

    /** The lines of {@code home}'s log that {@code filter} keeps, oldest first; unreadable lines are left out. */
    public static List<JsonNode> read(Path home, Predicate<JsonNode> filter) {
        Path file = home.resolve(FILE);
        List<JsonNode> lines = new ArrayList<>();
        if (!Files.exists(file)) {
            return lines;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    continue;
                }
                if (node != null && node.isObject() && filter.test(node)) {
                    lines.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return lines;
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        synchronized (HomeLog.class) {
            for (Appender appender : appenders) {
                for (LoggerConfig logger : List.of(config.getRootLogger(), loggerConfig(config, OURS, Level.INFO, true),
                        loggerConfig(config, EMF_LOGGER, Level.INFO, false))) {
                    logger.removeAppender(appender.getName());
                }
                if (config instanceof AbstractConfiguration abstractConfig) {
                    abstractConfig.removeAppender(appender.getName());
                }
            }
            context.updateLoggers();
            appenders.forEach(Appender::stop);
        }
    }
}
