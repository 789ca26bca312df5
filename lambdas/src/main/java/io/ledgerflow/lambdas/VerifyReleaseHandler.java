package io.ledgerflow.lambdas;

import com.amazonaws.services.lambda.runtime.Context;
import io.ledgerflow.core.close.CodeFingerprint;
import io.ledgerflow.core.close.MonthClose;
import java.time.YearMonth;

/** Task {@code VerifyRelease}: a CI stage-2 attestation exists for the running code, or the input says to proceed (recorded with who and why). */
public final class VerifyReleaseHandler extends JsonHandler<VerifyReleaseHandler.Request, MonthClose.Verified> {

    /** @param proceedWithoutAttestation null unless someone said to close without an attestation */
    public record Request(YearMonth month, MonthClose.Override proceedWithoutAttestation) {}

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
    MonthClose.Verified handle(Request event, Context context) {
        MonthClose close = (collaborators != null ? collaborators : Collaborators.fromEnvironment()).close();
        return close.verifyRelease(event.month(), CodeFingerprint.current(), event.proceedWithoutAttestation());
    }
}
