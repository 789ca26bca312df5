package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ledgerflow.core.close.CodeFingerprint;
import io.ledgerflow.core.close.ExportBatch;
import io.ledgerflow.core.close.MonthClose;
import io.ledgerflow.core.store.PeriodState;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/** Task {@code VerifyRelease}: a CI stage-2 attestation exists for the running code, or the input says to proceed (recorded with who and why). */
public final class VerifyReleaseHandler extends JsonHandler<VerifyReleaseHandler.Request, VerifyReleaseHandler.Verified> {

    /** @param proceedWithoutAttestation null unless someone said to close without an attestation */
    public record Request(YearMonth month, MonthClose.Override proceedWithoutAttestation) {}

    public record Verified(String codeFingerprint, String fixturesFingerprint, boolean attested, String attestedAt) {}

    private final Collaborators collaborators;

    /** For the Lambda runtime. */
    public VerifyReleaseHandler() {
        this(null);
    }

    public VerifyReleaseHandler(Collaborators collaborators) {
        super(Request.class);
        this.collaborators = collaborators;
    }

    @Override
    Verified handle(Request event, Context context) {
        MonthClose close = (collaborators != null ? collaborators : Collaborators.fromEnvironment()).close();
        MonthClose.Verified v = close.verifyRelease(event.month(), CodeFingerprint.current(), event.proceedWithoutAttestation());
        return new Verified(v.codeFingerprint(), v.fixturesFingerprint(), v.attested(), v.attestedAt());
    }
}
