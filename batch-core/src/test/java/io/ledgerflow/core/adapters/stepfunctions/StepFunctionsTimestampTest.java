package io.ledgerflow.core.adapters.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Step Functions' JSON protocol gives timestamps as epoch seconds with a fraction (DescribeExecution's startDate). */
class StepFunctionsTimestampTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void timestamp_keepsTheMilliseconds() throws Exception {
        // given dates as the service sends them (seconds, with milliseconds as the fraction)
        var response = JSON.readTree("{\"startDate\": 1.764E9, \"stopDate\": 1764230400.123}");

        // then both forms read as the instant they name
        assertThat(StepFunctionsClient.timestamp(response.path("startDate"))).isEqualTo(Instant.ofEpochSecond(1_764_000_000L));
        assertThat(StepFunctionsClient.timestamp(response.path("stopDate")))
                .isEqualTo(Instant.ofEpochSecond(1_764_230_400L, 123_000_000L));
    }

    @Test
    void timestamp_isNull_whenTheFieldIsAbsentOrNotANumber() throws Exception {
        var response = JSON.readTree("{\"redriveDate\": \"soon\"}");

        assertThat(StepFunctionsClient.timestamp(response.path("stopDate"))).isNull();
        assertThat(StepFunctionsClient.timestamp(response.path("redriveDate"))).isNull();
    }
}
