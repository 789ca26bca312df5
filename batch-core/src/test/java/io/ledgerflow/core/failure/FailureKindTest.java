package io.ledgerflow.core.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerflow.core.adapters.stepfunctions.StepFunctionsException;
import io.ledgerflow.core.billing.BadInputFileException;
import io.ledgerflow.core.close.ReleaseNotVerifiedException;
import io.ledgerflow.core.store.PeriodNotOpenException;
import io.ledgerflow.core.store.PeriodState;
import io.ledgerflow.core.store.WriteNotCompletedException;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureKindTest {

    @Test
    void aThrownFailure_isOfTheKindItExtends() {
        assertThat(FailureKind.of(new BadInputFileException("d.csv", 1, "bad", null))).isEqualTo(FailureKind.BAD_INPUT);
        assertThat(FailureKind.of(new PeriodNotOpenException(YearMonth.of(2026, 11), PeriodState.CLOSED, "daily")))
                .isEqualTo(FailureKind.BUSINESS);
        assertThat(FailureKind.of(new WriteNotCompletedException("write", List.of("k"), 3, null)))
                .isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.of(new NullPointerException())).isEqualTo(FailureKind.INFRASTRUCTURE);
    }

    @Test
    void anErrorName_isResolvedToItsClass_andPlacedByItsSupertype() {
        assertThat(FailureKind.ofErrorName(ReleaseNotVerifiedException.class.getName())).isEqualTo(FailureKind.BUSINESS);
        assertThat(FailureKind.ofErrorName(BadInputFileException.class.getName())).isEqualTo(FailureKind.BAD_INPUT);
        // Lambda's errorType of a nested class is its binary name.
        assertThat(FailureKind.ofErrorName("io.ledgerflow.core.adapters.stepfunctions.StepFunctionsException$InvalidArn"))
                .isEqualTo(FailureKind.BAD_INPUT);
        assertThat(FailureKind.ofErrorName(StepFunctionsException.ExecutionAlreadyExists.class.getName()))
                .isEqualTo(FailureKind.BUSINESS);
    }

    @Test
    void namesThatAreNotOurExceptions_areInfrastructure_andAreNotLoaded() {
        assertThat(FailureKind.ofErrorName("States.ExceedToleratedFailureThreshold")).isEqualTo(FailureKind.BUSINESS);
        assertThat(FailureKind.ofErrorName("States.Timeout")).isEqualTo(FailureKind.INFRASTRUCTURE);
        assertThat(FailureKind.exceptionClass("java.lang.IllegalStateException")).isEmpty();
        assertThat(FailureKind.exceptionClass("io.ledgerflow.core.money.Money")).isEmpty();
        assertThat(FailureKind.exceptionClass("io.ledgerflow.core.NoSuchException")).isEmpty();
        assertThat(FailureKind.exceptionClass(null)).isEmpty();
    }
}
