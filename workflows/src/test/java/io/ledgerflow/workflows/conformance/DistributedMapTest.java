package io.ledgerflow.workflows.conformance;

import static io.ledgerflow.workflows.Sfn.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.workflows.Sfn;
import io.ledgerflow.workflows.handlers.TestHandlers;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import io.ledgerflow.workflows.runtime.MapFailureMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed Map, from AWS's "Map state in distributed mode", ItemReader, ItemBatcher,
 * ResultWriter and "failure threshold" pages; objects live in the filesystem object store.
 */
class DistributedMapTest {

    static final String CSV = """
            id,amount,site
            1,10,TKY
            2,20,OSA
            3,30,TKY
            4,40,NGO
            5,50,TKY
            """;
    static final String INPUT = "{\"bucket\": \"billing\", \"key\": \"in/2026-04-01.csv\", \"date\": \"2026-04-01\"}";

    @TempDir
    Path home;
    Sfn sfn;
    TestHandlers.BatchWorker worker;

    @BeforeEach
    void setUp() {
        worker = new TestHandlers.BatchWorker();
        sfn = new Sfn(home).handler("Worker", TestHandlers.BatchWorker.class, () -> worker)
                .substitutions(Map.of("WorkerFunction", "Worker"));
        sfn.put("billing", "in/2026-04-01.csv", CSV);
    }

    private ExecutionResult echo(String reader, String input) {
        return sfn.run(Sfn.resource("asl/distributed-echo.template.json").replace("\"${Reader}\"", reader), input);
    }

    @Test
    void itemReader_csvFirstRow_givesObjectsOfStrings() {
        ExecutionResult r = echo("""
                {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                 "Parameters": {"Bucket": "billing", "Key": "in/2026-04-01.csv"}}""", "{}");
        assertThat(r.output()).hasSize(5);
        assertThat(r.output().get(1)).isEqualTo(json("{\"id\": \"2\", \"amount\": \"20\", \"site\": \"OSA\"}"));
    }

    @Test
    void itemReader_csvGivenHeadersAndDelimiter() {
        sfn.put("billing", "semi.csv", "1;x\n2;y\n");
        ExecutionResult r = echo("""
                {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV",
                  "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["n", "letter"], "CSVDelimiter": "SEMICOLON"},
                 "Parameters": {"Bucket": "billing", "Key": "semi.csv"}}""", "{}");
        assertThat(r.output()).isEqualTo(json("[{\"n\": \"1\", \"letter\": \"x\"}, {\"n\": \"2\", \"letter\": \"y\"}]"));
    }

    @Test
    void itemReader_jsonArray_andMaxItems() {
        sfn.put("billing", "items.json", "[{\"a\": 1}, {\"a\": 2}, {\"a\": 3}]");
        ExecutionResult r = echo("""
                {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItems": 2},
                 "Parameters": {"Bucket": "billing", "Key": "items.json"}}""", "{}");
        assertThat(r.output()).isEqualTo(json("[{\"a\": 1}, {\"a\": 2}]"));
    }

    @Test
    void itemReader_jsonl_oneItemPerLine() {
        sfn.put("billing", "items.jsonl", "{\"a\": 1}\n\n{\"a\": 2}\n");
        ExecutionResult r = echo("""
                {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                 "Parameters": {"Bucket": "billing", "Key": "items.jsonl"}}""", "{}");
        assertThat(r.output()).isEqualTo(json("[{\"a\": 1}, {\"a\": 2}]"));
    }

    @Test
    void itemReader_listObjectsV2_listsKeysUnderPrefix() {
        sfn.put("billing", "in/2026-04-02.csv", "id\n1\n");
        sfn.put("billing", "other/x.txt", "x");
        ExecutionResult r = echo("""
                {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "billing", "Prefix": "in/"}}""", "{}");
        assertThat(r.output()).hasSize(2);
        assertThat(r.output().get(0).get("Key").asText()).isEqualTo("in/2026-04-01.csv");
        assertThat(r.output().get(1).get("Key").asText()).isEqualTo("in/2026-04-02.csv");
        assertThat(r.output().get(1).get("Size").asLong()).isEqualTo(5);
        assertThat(r.output().get(1).get("Etag").asText()).startsWith("\"");
    }

    @Test
    void itemReader_missingObject_failsWithItemReaderFailed() {
        ExecutionResult r = echo("""
                {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"},
                 "Parameters": {"Bucket": "billing", "Key": "nope.json"}}""", "{}");
        assertThat(r.error()).isEqualTo("States.ItemReaderFailed");
    }

    @Test
    void itemReader_csvRowWithWrongFieldCount_failsWithItemReaderFailed() {
        sfn.put("billing", "ragged.csv", "a,b\n1,2\n3\n");
        ExecutionResult r = echo("""
                {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV"},
                 "Parameters": {"Bucket": "billing", "Key": "ragged.csv"}}""", "{}");
        assertThat(r.error()).as(r.toString()).isEqualTo("States.ItemReaderFailed");
        assertThat(r.cause()).as(r.toString()).contains("Record 3");
    }

    @Test
    void itemsPath_withoutReader_andItemSelector_likeInline() {
        String def = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.xs",
                  "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value"},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}""";
        assertThat(sfn.run(def, "{\"xs\": [\"a\", \"b\"]}").output())
                .isEqualTo(json("[{\"i\": 0, \"v\": \"a\"}, {\"i\": 1, \"v\": \"b\"}]"));
    }

    @Test
    void itemBatcher_maxItemsPerBatch_andBatchInput_shapeChildInput() {
        String def = Sfn.resource("asl/distributed-csv.asl.json").replace("\"ResultWriter\"", "\"Unused\"")
                .replaceAll(",\\s*\"Unused\": \\{[^}]*\\{[^}]*}}", "");
        sfn.handler("Echo", TestHandlers.Echo.class).substitutions(Map.of("WorkerFunction", "Echo"));
        ExecutionResult r = sfn.run(def, INPUT);
        JsonNode children = r.output().get("map");
        assertThat(children).hasSize(3);
        assertThat(children.get(0)).isEqualTo(json("""
                {"BatchInput": {"runDate": "2026-04-01"},
                 "Items": [{"id": "1", "amount": "10", "site": "TKY"}, {"id": "2", "amount": "20", "site": "OSA"}]}"""));
        assertThat(children.get(2).get("Items")).hasSize(1);
    }

    @Test
    void itemBatcher_maxInputBytesPerBatch_splitsBySize() {
        String def = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.xs",
                  "ItemBatcher": {"MaxInputBytesPerBatch": 40},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength($.Items)"}, "End": true}}},
                  "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{\"xs\": [\"aaaaaaaaaa\", \"bbbbbbbbbb\", \"cccccccccc\", \"dddddddddd\"]}");
        assertThat(r.output()).isEqualTo(json("[{\"n\": 2}, {\"n\": 2}]"));
    }

    @Test
    void resultWriter_writesManifestAndResultFiles_andOutputPointsToThem() throws Exception {
        ExecutionResult r = sfn.run(Sfn.resource("asl/distributed-csv.asl.json"), INPUT);
        assertThat(r.status()).as(r.toString()).isEqualTo("SUCCEEDED");
        JsonNode details = r.output().at("/map/ResultWriterDetails");
        assertThat(details.get("Bucket").asText()).isEqualTo("results");
        assertThat(r.output().at("/map/MapRunArn").asText()).contains(":mapRun:");
        JsonNode manifest = sfn.json("results", details.get("Key").asText());
        assertThat(details.get("Key").asText()).startsWith("daily/").endsWith("/manifest.json");
        assertThat(manifest.at("/ResultFiles/FAILED")).isEmpty();
        JsonNode succeeded = sfn.json("results", manifest.at("/ResultFiles/SUCCEEDED/0/Key").asText());
        assertThat(succeeded).hasSize(3);
        assertThat(json(succeeded.get(0).get("Output").asText())).isEqualTo(json("{\"count\": 2, \"sum\": 30}"));
        assertThat(json(succeeded.get(0).get("Input").asText()).at("/Items/0/id").asText()).isEqualTo("1");
        assertThat(succeeded.get(0).get("Status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void toleratedFailurePercentage_notExceeded_succeeds_andFailedBatchIsReported() throws Exception {
        worker.poison = List.of("5");
        String def = Sfn.resource("asl/distributed-csv.asl.json").replace("\"ToleratedFailurePercentage\": 0", "\"ToleratedFailurePercentage\": 20");
        ExecutionResult r = sfn.run(def, INPUT);
        assertThat(r.status()).as(r.toString()).isEqualTo("SUCCEEDED"); // 1 of 5 items failed = 20%, not over 20
        JsonNode manifest = sfn.json("results", r.output().at("/map/ResultWriterDetails/Key").asText());
        JsonNode failed = sfn.json("results", manifest.at("/ResultFiles/FAILED/0/Key").asText());
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).get("Error").asText()).isEqualTo("java.lang.IllegalArgumentException");
    }

    @Test
    void toleratedFailureCount_exceeded_failsWithExceedToleratedFailureThreshold() {
        worker.poison = List.of("1");
        String def = Sfn.resource("asl/distributed-csv.asl.json").replace("\"ToleratedFailurePercentage\": 0", "\"ToleratedFailureCount\": 1");
        ExecutionResult r = sfn.run(def, INPUT); // the failing batch holds 2 items: 2 failed items > 1
        assertThat(r.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
    }

    @Test
    void acceptance_failedItem_failsMap_thenRedriveRunsOnlyFailedItems() throws Exception {
        // Given a Distributed Map with ToleratedFailurePercentage 0 and one poisoned item (id 3, in batch 2 of 3),
        // judged at the end so that every batch runs (at once, batch 3 may be aborted and redriven too)
        sfn.mapFailure(MapFailureMode.JUDGE_AT_END);
        worker.poison = List.of("3");
        ExecutionResult failed = sfn.run(Sfn.resource("asl/distributed-csv.asl.json"), INPUT, "daily-2026-04-01");
        assertThat(failed.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(worker.calls).hasValue(3);

        // When the fault is fixed and the execution is redriven
        worker.poison = List.of();
        worker.calls.set(0);
        worker.items.set(0);
        ExecutionResult redriven = sfn.redrive("daily-2026-04-01");

        // Then it succeeds, having run only the failed batch (2 items) again
        assertThat(redriven.status()).as(redriven.toString()).isEqualTo("SUCCEEDED");
        assertThat(worker.calls).hasValue(1);
        assertThat(worker.items).hasValue(2);
        JsonNode manifest = sfn.json("results", redriven.output().at("/map/ResultWriterDetails/Key").asText());
        JsonNode succeeded = sfn.json("results", manifest.at("/ResultFiles/SUCCEEDED/0/Key").asText());
        assertThat(succeeded).hasSize(3);
        String history = Files.readString(home.resolve("executions/daily-2026-04-01/history.jsonl"));
        assertThat(history).contains("\"MapRunFailed\"", "\"ExecutionRedriven\"", "\"MapRunSucceeded\"", "\"ItemsFailed\":2");
    }

    @Test
    void maxConcurrency_boundsChildExecutionsRunningAtOnce() {
        sfn.handler("Count", MapAndParallelTest.Concurrency.class);
        String def = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.xs", "MaxConcurrency": 3,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "T", "States": {"T": {"Type": "Task",
                     "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Count", "End": true}}}, "End": true}}}""";
        MapAndParallelTest.Concurrency.peak.set(0);
        ExecutionResult r = sfn.run(def, "{\"xs\": [{}, {}, {}, {}, {}, {}, {}, {}, {}, {}]}");
        assertThat(r.output()).hasSize(10);
        assertThat(MapAndParallelTest.Concurrency.peak.get()).isBetween(1, 3);
    }

    /**
     * A Distributed Map worker whose item {@code slow} blocks until {@link #release} opens (a Lambda
     * invocation still running), whose item {@code bad} fails once the slow call is under way, and which records every item
     * it was called with. {@code After} counts calls of the state that follows it in the child.
     */
    public static final class Gate implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        final CountDownLatch slowEntered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch slowReturned = new CountDownLatch(1);
        final Set<Integer> called = ConcurrentHashMap.newKeySet();
        volatile int slow = 0;
        volatile int bad = 1;

        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            int id = ((Number) event.get("id")).intValue();
            called.add(id);
            if (id == bad) {
                awaitSlowEntered(); // the slow call is surely under way when the map fails
                throw new IllegalStateException("item " + id + " is bad");
            }
            if (id == slow) {
                slowEntered.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                slowReturned.countDown();
            }
            return Map.of("id", id);
        }

        private void awaitSlowEntered() {
            try {
                if (slow >= 0 && !slowEntered.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the slow item never started");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static final class After implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            calls.incrementAndGet();
            return event;
        }
    }

    static final String GATED = """
            {"StartAt": "M", "States": {
              "M": {"Type": "Map", "ItemsPath": "$.xs", "MaxConcurrency": 2, "ToleratedFailureCount": 0,
                "ItemSelector": {"id.$": "$$.Map.Item.Value"},
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                  "StartAt": "Work", "States": {
                    "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Gate", "Next": "Then"},
                    "Then": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:After", "End": true}}},
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.failure", "Next": "RecordFailure"}],
                "End": true},
              "RecordFailure": {"Type": "Pass", "End": true}}}""";
    static final String TEN_ITEMS = "{\"xs\": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}";

    private Gate gated() {
        Gate gate = new Gate();
        After after = new After();
        sfn.handler("Gate", Gate.class, () -> gate).handler("After", After.class, () -> after);
        this.after = after;
        return gate;
    }

    After after;

    @Test
    void map_failsAtOnce_whenToleratedCountCrossed_withoutWaitingForTheRunningChild() throws Exception {
        // given 10 items, 2 at once: item 0 is inside a slow Lambda call, item 1 fails
        Gate gate = gated();

        // when the execution runs (the slow call is still blocked when it returns: the parent did not wait)
        ExecutionResult r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> sfn.run(GATED, TEN_ITEMS, "fail-at-once"));

        // then the Map failed and the parent moved on to its Catch while item 0's call still runs
        assertThat(r.status()).as(r.toString()).isEqualTo("SUCCEEDED");
        assertThat(r.output().at("/failure/Error").asText()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(gate.slowReturned.getCount()).isEqualTo(1);
        // no child started after the failure: only the two that were running were ever called
        assertThat(gate.called).containsExactlyInAnyOrder(0, 1);
        String history = Files.readString(home.resolve("executions/fail-at-once/history.jsonl"));
        assertThat(history).contains("\"MapRunFailed\"", "\"ItemsFailed\":1", "\"ItemsAborted\":1",
                "\"ChildExecutionsTotal\":2", "\"ChildExecutionsAborted\":1", "\"StateCaught\"");

        // and when the slow call returns, its result is discarded and its child enters no further state
        gate.release.countDown();
        assertThat(gate.slowReturned.await(30, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);
        assertThat(after.calls).hasValue(0);
        assertThat(gate.called).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void map_judgedAtEnd_runsEveryChild_inTheDeterministicMode() {
        // given the same map, judged at the end, with no slow item
        sfn.mapFailure(MapFailureMode.JUDGE_AT_END);
        Gate gate = gated();
        gate.slow = -1;

        // when
        ExecutionResult r = sfn.run(GATED, TEN_ITEMS, "judge-at-end");

        // then every item ran before the Map failed
        assertThat(r.output().at("/failure/Error").asText()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(gate.called).hasSize(10);
        assertThat(after.calls).hasValue(9);
    }

    @Test
    void map_percentageThreshold_isJudgedOnceTheTotalIsKnown() {
        // given 10 items of which 1 fails, and 10 % tolerated: 1 failure is not over 10 % of 10
        Gate gate = gated();
        gate.slow = -1;
        String def = GATED.replace("\"ToleratedFailureCount\": 0", "\"ToleratedFailurePercentage\": 10");

        // when
        ExecutionResult r = sfn.run(def, TEN_ITEMS);

        // then the map tolerated it (a percentage cannot be judged on the items seen so far)
        assertThat(r.output().has("failure")).as(r.toString()).isFalse();
        assertThat(gate.called).hasSize(10);
    }

    @Test
    void redrive_afterFailingAtOnce_runsTheFailedTheAbortedAndTheUnstartedChildren() throws Exception {
        // given a map that failed at once: item 0 aborted, item 1 failed, items 2..9 never started
        Gate gate = gated();
        String def = GATED.replace("[\"States.ALL\"]", "[\"Nothing.Matches\"]"); // the execution fails at the Map
        ExecutionResult failed = sfn.run(def, TEN_ITEMS, "redrive-at-once");
        assertThat(failed.error()).as(failed.toString()).isEqualTo("States.ExceedToleratedFailureThreshold");
        gate.release.countDown();
        assertThat(gate.slowReturned.await(30, TimeUnit.SECONDS)).isTrue();

        // when the fault is fixed and the execution redriven
        gate.bad = -1;
        gate.called.clear();
        ExecutionResult redriven = sfn.redrive("redrive-at-once");

        // then every child that did not succeed runs: all ten
        assertThat(redriven.status()).as(redriven.toString()).isEqualTo("SUCCEEDED");
        assertThat(gate.called).hasSize(10);
        assertThat(redriven.output()).hasSize(10);
    }
}
