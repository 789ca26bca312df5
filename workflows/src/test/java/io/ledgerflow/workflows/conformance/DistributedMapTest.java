package io.ledgerflow.workflows.conformance;

import static io.ledgerflow.workflows.Sfn.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerflow.workflows.Sfn;
import io.ledgerflow.workflows.handlers.TestHandlers;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        // Given a Distributed Map with ToleratedFailurePercentage 0 and one poisoned item (id 3, in batch 2 of 3)
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
}
