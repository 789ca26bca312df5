package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The crash-point campaign's fixed set (see {@link CrashCampaign}): the command halts at each point
 * as {@code kill -9} would, then status, rerun and close as an operator would; every invariant holds.
 */
class CrashPointFunctionalTests {

    @TempDir
    static Path work;

    static CrashCampaign campaign;

    @BeforeAll
    static void publishTheDay() throws IOException {
        campaign = new CrashCampaign(work);
    }

    @ParameterizedTest
    // Each point costs 40-80 s on the loaded 2-core machine (a child JVM, then rerun and close with an
    // embedded PostgreSQL): three points keep CI near 3 minutes; ci/crash-campaign runs the rest.
    @ValueSource(strings = {"write:2", "flip-purge", "export-commit"})
    void crashedAtThePoint_theOperatorsNextCommandsLeaveTheDayAndTheMonthRight(String point) throws Exception {
        // when the command halts at the point, then journal, status, rerun and close run after it
        CrashCampaign.Outcome outcome = campaign.run(point);

        System.out.println(point + ": " + outcome.steps()); // where the point's time went (surefire-reports/*-output.txt)
        // then it halted there, and every invariant held
        assertThat(outcome.crashed()).as("halted at %s", point).isTrue();
        assertThat(outcome.violations()).as("invariants after a crash at %s", point).isEmpty();
    }
}
