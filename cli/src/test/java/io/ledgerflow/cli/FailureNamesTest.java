package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The refusals of a published day and of a stale export are business failures: exit 1, not 3. */
class FailureNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"io.ledgerflow.core.store.DayAlreadyPublishedException",
        "io.ledgerflow.core.close.ExportMismatchException"})
    void aRefusedStartOrExport_exits1(String error) {
        assertThat(FailureNames.exitCode(error)).isEqualTo(ExitCode.FAILED);
    }
}
