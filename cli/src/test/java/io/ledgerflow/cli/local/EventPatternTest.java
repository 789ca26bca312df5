package io.ledgerflow.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EventBridge's matching of event patterns, on the rules EventBridge's documentation gives (docs/aws.md). */
class EventPatternTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The template's late-file rule, resolved for the local stack. */
    private static final EventPattern LATE_FILE = EventPattern.of(Map.of(
            "source", List.of("aws.s3"),
            "detail-type", List.of("Object Created"),
            "detail", Map.of(
                    "bucket", Map.of("name", List.of("ledgerflow-input")),
                    "object", Map.of("key", List.of(Map.of("prefix", "daily/"))))));

    @Test
    void theLateFileRule_matchesAnObjectCreatedUnderThePrefixOfTheInputBucket_only() throws Exception {
        assertThat(LATE_FILE.matches(s3Event("Object Created", "ledgerflow-input", "daily/2026-11-20/day.csv"))).isTrue();

        assertThat(LATE_FILE.matches(s3Event("Object Created", "ledgerflow-input", "2026-11-20/day.csv"))).as("outside the prefix").isFalse();
        assertThat(LATE_FILE.matches(s3Event("Object Created", "ledgerflow-work", "daily/2026-11-20/day.csv"))).as("another bucket").isFalse();
        assertThat(LATE_FILE.matches(s3Event("Object Deleted", "ledgerflow-input", "daily/2026-11-20/day.csv"))).as("another type").isFalse();
        assertThat(LATE_FILE.matches(JSON.readTree("{\"source\":\"aws.s3\",\"detail-type\":\"Object Created\"}")))
                .as("a field the pattern names is missing").isFalse();
    }

    @Test
    void valuesMatchExactly_numbersAsNumbers_andAnArrayFieldByAnyElement() throws Exception {
        EventPattern pattern = EventPattern.of(Map.of("size", List.of(5), "tags", List.of("b"), "flag", List.of(true),
                "none", java.util.Arrays.asList((Object) null)));

        assertThat(pattern.matches(JSON.readTree("{\"size\":5.0,\"tags\":[\"a\",\"b\"],\"flag\":true,\"none\":null}"))).isTrue();
        assertThat(pattern.matches(JSON.readTree("{\"size\":\"5\",\"tags\":[\"a\",\"b\"],\"flag\":true,\"none\":null}")))
                .as("the string \"5\" is not the number 5").isFalse();
        assertThat(pattern.matches(JSON.readTree("{\"size\":5,\"tags\":[\"a\"],\"flag\":true,\"none\":null}"))).isFalse();
    }

    @Test
    void suffix_ignoreCase_anythingBut_andExists() throws Exception {
        EventPattern pattern = EventPattern.of(Map.of(
                "key", List.of(Map.of("suffix", ".csv")),
                "state", List.of(Map.of("anything-but", List.of("FAILED", "ABORTED"))),
                "site", List.of(Map.of("equals-ignore-case", "tokyo")),
                "error", List.of(Map.of("exists", false))));

        assertThat(pattern.matches(JSON.readTree("{\"key\":\"a/b.csv\",\"state\":\"RUNNING\",\"site\":\"TOKYO\"}"))).isTrue();
        assertThat(pattern.matches(JSON.readTree("{\"key\":\"a/b.csv\",\"state\":\"FAILED\",\"site\":\"TOKYO\"}"))).isFalse();
        assertThat(pattern.matches(JSON.readTree("{\"key\":\"a/b.txt\",\"state\":\"RUNNING\",\"site\":\"TOKYO\"}"))).isFalse();
        assertThat(pattern.matches(JSON.readTree("{\"key\":\"a/b.csv\",\"state\":\"RUNNING\",\"site\":\"Osaka\"}"))).isFalse();
        assertThat(pattern.matches(JSON.readTree("{\"key\":\"a/b.csv\",\"state\":\"RUNNING\",\"site\":\"tokyo\",\"error\":\"x\"}")))
                .as("exists: false").isFalse();
    }

    @Test
    void anOperatorItDoesNotKnow_isRefusedWhenThePatternIsRead() {
        assertThatThrownBy(() -> EventPattern.of(Map.of("detail", Map.of("size", List.of(Map.of("numeric", List.of(">", 0)))))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event pattern field detail.size: {numeric=[>, 0]} is not matched by local serve");
        assertThatThrownBy(() -> EventPattern.of(Map.of("source", "aws.s3")))
                .hasMessageContaining("event pattern field source: a value must be a list or an object");
    }

    @Test
    void toString_isThePatternAsJson() {
        assertThat(EventPattern.of(Map.of("source", List.of("aws.s3"))).toString()).isEqualTo("{\"source\":[\"aws.s3\"]}");
    }

    private static JsonNode s3Event(String type, String bucket, String key) throws Exception {
        return JSON.readTree("""
                {"version":"0","source":"aws.s3","detail-type":"%s","time":"2026-11-21T22:00:00Z",
                 "detail":{"version":"0","bucket":{"name":"%s"},"object":{"key":"%s","size":10},"reason":"PutObject"}}
                """.formatted(type, bucket, key));
    }
}
