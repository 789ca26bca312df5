package io.ledgerflow.lambdas;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.internal.EmfMetricsLogger;
import software.amazon.lambda.powertools.metrics.provider.MetricsProvider;

/**
 * Powertools' EMF metrics, each document handed to {@code lines} as one JSON line instead of
 * standard output: what the embedded runtime uses to keep every function's metrics in the home's
 * log, as Lambda keeps them in the function's log group. The documents are Powertools' own
 * ({@link EmfMetricsLogger} over AWS's embedded-metrics library), so they are the ones CloudWatch
 * would extract; only the sink differs. No environment is probed (on AWS the library detects
 * Lambda; elsewhere it would look for a CloudWatch agent).
 */
public record EmfLines(Consumer<String> lines) implements MetricsProvider {

    @Override
    public Metrics getMetricsInstance() {
        Environment environment = new Local(new Sink(lines));
        return new EmfMetricsLogger(new EnvironmentProvider() {
            @Override
            public CompletableFuture<Environment> resolveEnvironment() {
                return CompletableFuture.completedFuture(environment);
            }

            @Override
            public Environment getDefaultEnvironment() {
                return environment;
            }
        }, new MetricsContext());
    }

    private record Sink(Consumer<String> lines) implements ISink {
        @Override
        public void accept(MetricsContext context) {
            try {
                context.serialize().forEach(lines);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return CompletableFuture.completedFuture(null);
        }
    }

    private record Local(ISink sink) implements Environment {
        @Override
        public boolean probe() {
            return true;
        }

        @Override
        public String getName() {
            return "ledgerflow-embedded";
        }

        @Override
        public String getType() {
            return "Local";
        }

        @Override
        public String getLogGroupName() {
            return "";
        }

        @Override
        public void configureContext(MetricsContext context) {
        }

        @Override
        public ISink getSink() {
            return sink;
        }
    }
}
