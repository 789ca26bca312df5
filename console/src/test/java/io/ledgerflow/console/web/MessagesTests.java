package io.ledgerflow.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MessagesTests {

    @Test
    void choose_prefersTheExplicitChoice_thenAcceptLanguage_thenEnglish() {
        assertThat(Messages.choose("en", "ja,en;q=0.8")).isEqualTo("en");
        assertThat(Messages.choose(null, "ja-JP,ja;q=0.9,en;q=0.8")).isEqualTo("ja");
        assertThat(Messages.choose(null, "fr-FR,en;q=0.5")).isEqualTo("en");
        assertThat(Messages.choose(null, "fr-FR")).isEqualTo("en");
        assertThat(Messages.choose(null, "not a header;;")).isEqualTo("en");
        assertThat(Messages.choose("xx", null)).isEqualTo("en");
    }

    @Test
    void japanese_hasEveryKeyEnglishHas_andNoOther() throws IOException {
        Properties english = load("console/messages.properties");
        Properties japanese = load("console/messages_ja.properties");

        assertThat(japanese.stringPropertyNames()).isEqualTo(english.stringPropertyNames());
    }

    @Test
    void get_formatsArguments_andNamesAMissingKeyByItself() {
        assertThat(Messages.of("ja").get("month.title", "2026-11")).isEqualTo("2026-11 の月次状況");
        assertThat(Messages.of("en").get("reason.INVALID_DATE")).isEqualTo("Invalid date");
        assertThat(Messages.of("en").get("no.such.key")).isEqualTo("no.such.key");
    }

    private static Properties load(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesTests.class.getClassLoader().getResourceAsStream(resource)) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return p;
    }
}
