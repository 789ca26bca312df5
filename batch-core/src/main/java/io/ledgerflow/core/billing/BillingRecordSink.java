package io.ledgerflow.core.billing;

import java.util.function.Function;

/**
 * Receives a billing file's records from {@link BillingCsvReader#readAll}, in file order, each with
 * what a judge found out about it on a parsing thread. The judging is the part of a line's
 * handling that depends on that line alone: it runs on the threads that parse the file, so that
 * the one thread that must see the lines in order has less to do.
 *
 * @param <J> what a judge says about one record
 */
public interface BillingRecordSink<J> {

    /**
     * A judge for one parsing thread: a function of a record's fields only, which that thread
     * alone calls (it may keep state of its own, such as the last text it saw per column). The
     * array is the reader's, filled again for the next record: a judge keeps its Strings, not it.
     */
    Function<String[], J> newJudge();

    /**
     * One record, in file order, on the thread that called {@link BillingCsvReader#readAll}: what
     * its judge said (which holds whatever of its fields the sink still needs).
     *
     * @param lineNumber the physical line the record starts on (the header is line 1)
     */
    void accept(long lineNumber, J judged);
}
