package io.ledgerflow.console.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The console's logs reach CloudWatch on AWS: its class path (which the Lambda package's shaded jar
 * is built from) has exactly one SLF4J binding, slf4j-simple, which writes to standard error. With
 * none, SLF4J drops every line (its NOP fallback); with two, it picks one at random.
 */
class LoggingBindingTests {

    @Test
    void theClassPath_hasExactlyOneSlf4jBinding_slf4jSimple() {
        List<String> providers = new ArrayList<>();
        ServiceLoader.load(SLF4JServiceProvider.class).forEach(p -> providers.add(p.getClass().getName()));

        assertThat(providers).containsExactly("org.slf4j.simple.SimpleServiceProvider");
        assertThat(LoggerFactory.getILoggerFactory().getClass().getName()).isEqualTo("org.slf4j.simple.SimpleLoggerFactory");
    }
}
