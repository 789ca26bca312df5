package io.ledgerflow.workflows.conformance;

import static io.ledgerflow.workflows.Sfn.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.ledgerflow.workflows.Sfn;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parallel and inline Map, with the examples of AWS's "Parallel" and "Map state in inline mode" pages. */
class MapAndParallelTest {

    @TempDir
    Path home;
    Sfn sfn;

    @BeforeEach
    void setUp() {
        sfn = new Sfn(home);
    }

    @Test
    void parallel_outputIsArrayOfBranchOutputs_inBranchOrder() {
        String def = """
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"branch": "A", "in.$": "$.x"}, "End": true}}},
                  {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 1, "Next": "B2"},
                                              "B2": {"Type": "Pass", "Result": "B", "End": true}}}]}}}""";
        ExecutionResult r = sfn.run(def, "{\"x\": 1}");
        assertThat(r.output()).isEqualTo(json("[{\"branch\": \"A\", \"in\": 1}, \"B\"]"));
    }

    @Test
    void parallel_resultSelectorAndResultPath_applyToTheArray() {
        String def = """
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
                  "ResultSelector": {"first.$": "$[0]", "count.$": "States.ArrayLength($)"}, "ResultPath": "$.res",
                  "Branches": [
                  {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "End": true}}},
                  {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": 2, "End": true}}}]}}}""";
        assertThat(sfn.run(def, "{\"x\": 0}").output()).isEqualTo(json("{\"x\": 0, \"res\": {\"first\": 1, \"count\": 2}}"));
    }

    static final String SHIPMENT = """
            {"ship-date": "2016-03-14T01:59:00Z",
             "detail": {"delivery-partner": "UQS",
               "shipped": [{"prod": "R31", "dest-code": 9511, "quantity": 1344},
                           {"prod": "S39", "dest-code": 9511, "quantity": 40},
                           {"prod": "R31", "dest-code": 9833, "quantity": 12}]}}""";

    @Test
    void inlineMap_itemsPathAndItemSelector_withMapItemContext() {
        // AWS's inline Map example: ItemsPath "$.detail.shipped", ItemSelector with $$.Map.Item.Value.
        String def = """
                {"StartAt": "Validate-All", "States": {"Validate-All": {"Type": "Map",
                  "InputPath": "$.detail", "ItemsPath": "$.shipped", "MaxConcurrency": 0,
                  "ItemSelector": {"parcel.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index",
                                   "courier.$": "$.delivery-partner"},
                  "ItemProcessor": {"StartAt": "Validate", "States": {"Validate": {"Type": "Pass",
                     "Parameters": {"prod.$": "$.parcel.prod", "index.$": "$.index", "courier.$": "$.courier"}, "End": true}}},
                  "ResultPath": "$.detail.shipped", "End": true}}}""";
        ExecutionResult r = sfn.run(def, SHIPMENT);
        assertThat(r.output().at("/detail/shipped")).isEqualTo(json("""
                [{"prod": "R31", "index": 0, "courier": "UQS"}, {"prod": "S39", "index": 1, "courier": "UQS"},
                 {"prod": "R31", "index": 2, "courier": "UQS"}]"""));
        assertThat(r.output().get("ship-date").asText()).isEqualTo("2016-03-14T01:59:00Z");
    }

    @Test
    void inlineMap_legacyIteratorAndParameters_stillWork() {
        String def = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.xs",
                  "Parameters": {"v.$": "$$.Map.Item.Value"},
                  "Iterator": {"StartAt": "I", "States": {"I": {"Type": "Pass", "OutputPath": "$.v", "End": true}}},
                  "End": true}}}""";
        assertThat(sfn.run(def, "{\"xs\": [1, 2, 3]}").output()).isEqualTo(json("[1, 2, 3]"));
    }

    @Test
    void inlineMap_itemsPathNotArray_failsWithStatesRuntime() {
        String def = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.x",
                  "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}}}""";
        assertThat(sfn.run(def, "{\"x\": 1}").error()).isEqualTo("States.Runtime");
    }

    @Test
    void inlineMap_iterationFailure_failsTheMap_andCanBeCaught() {
        String def = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.xs",
                  "ItemProcessor": {"StartAt": "C", "States": {
                    "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "Bad"}], "Default": "Ok"},
                    "Bad": {"Type": "Fail", "Error": "Two", "Cause": "2 is bad"},
                    "Ok": {"Type": "Pass", "End": true}}},
                  "Catch": [{"ErrorEquals": ["Two"], "ResultPath": "$.err", "Next": "Caught"}], "End": true},
                 "Caught": {"Type": "Pass", "End": true}}}""";
        ExecutionResult r = sfn.run(def, "{\"xs\": [1, 2, 3]}");
        assertThat(r.output().at("/err/Error").asText()).isEqualTo("Two");
    }

    /** Counts how many invocations run at once. */
    public static final class Concurrency implements RequestHandler<Map<String, Object>, Integer> {
        static final AtomicInteger running = new AtomicInteger();
        static final AtomicInteger peak = new AtomicInteger();

        @Override
        public Integer handleRequest(Map<String, Object> event, Context context) {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            return 1;
        }
    }

    @Test
    void inlineMap_maxConcurrency_boundsIterationsRunningAtOnce() {
        sfn.handler("Count", Concurrency.class);
        String def = """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.xs", "MaxConcurrency": 2,
                  "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task",
                     "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Count", "End": true}}}, "End": true}}}""";
        Concurrency.peak.set(0);
        ExecutionResult r = sfn.run(def, "{\"xs\": [{}, {}, {}, {}, {}, {}]}");
        assertThat(r.output()).isEqualTo(json("[1, 1, 1, 1, 1, 1]"));
        assertThat(Concurrency.peak.get()).isBetween(1, 2);
    }
}
