package io.ledgerflow.core.adapters.dynamodb.local;

import java.util.Locale;

/**
 * What {@link ThrottlingProxy} did since it started.
 *
 * @param requests              data-plane requests metered (reads and writes; table management is not)
 * @param throttledRequests     requests answered {@code ProvisionedThroughputExceededException}
 * @param cancelledTransactions {@code TransactWriteItems} answered {@code TransactionCanceledException}
 *                              with a {@code ThrottlingError} reason
 * @param partialBatches        {@code BatchWriteItem} requests answered with some of their items in
 *                              {@code UnprocessedItems}
 * @param unprocessedItems      batch items not written for want of capacity, in partial and in throttled batches
 * @param oversizedRequests     requests refused with {@code ValidationException} for an item over the size limit
 * @param writeUnits            write units the requests that went through consumed (as the engine counts them)
 * @param readUnits             read units the requests that went through consumed
 */
public record ThrottleCounts(long requests, long throttledRequests, long cancelledTransactions, long partialBatches,
        long unprocessedItems, long oversizedRequests, double writeUnits, double readUnits) {

    /** None. */
    public static final ThrottleCounts NONE = new ThrottleCounts(0, 0, 0, 0, 0, 0, 0, 0);

    /** Requests that did not get all they asked for because of the limits. */
    public long requestsThrottled() {
        return throttledRequests + cancelledTransactions + partialBatches;
    }

    /** One line for operators and the benchmark scripts. */
    public String summary() {
        return String.format(Locale.ROOT,
                "%d of %d requests throttled (%d ProvisionedThroughputExceededException, %d TransactionCanceledException"
                        + " ThrottlingError, %d BatchWriteItem partly unprocessed); %d batch items returned unprocessed;"
                        + " %d refused as too large; %,.0f write units and %,.1f read units consumed",
                requestsThrottled(), requests, throttledRequests, cancelledTransactions, partialBatches, unprocessedItems,
                oversizedRequests, writeUnits, readUnits);
    }
}
