package io.ledgerflow.workflows.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerflow.core.adapters.fs.FileSystemObjectStore;
import io.ledgerflow.workflows.asl.Definitions;
import io.ledgerflow.workflows.runtime.ExecutionResult;
import io.ledgerflow.workflows.runtime.LambdaFunctions;
import io.ledgerflow.workflows.runtime.Sleeper;
import io.ledgerflow.workflows.runtime.WorkflowRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark, not a test: a Distributed Map over a 200,000-row billing CSV with ItemBatcher
 * MaxItemsPerBatch 500 and a trivial handler. Prints the map machinery's items/s and the
 * overhead per child execution. Run by {@code ci/bench-map}.
 */
public final class DistributedMapBench {

    static final int ROWS = 200_000;
    static final int BATCH = 500;
    static final int RUNS = 5;
    static final int WARM_UP_RUNS = 4;

    /** The trivial handler: counts the items of its batch. */
    public static final class CountItems implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
            return Map.of("count", ((List<?>) event.get("Items")).size());
        }
    }

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("ledgerflow-bench-");
        var s3 = new FileSystemObjectStore(home.resolve("s3"));
        s3.put("bench", "billing.csv", csv(ROWS));
        var functions = LambdaFunctions.builder().deploy("CountItems", CountItems.class.getName()).build();
        var runtime = new WorkflowRuntime(home, functions, s3, Sleeper.REAL, Clock.systemUTC(), new Random(1));
        String definition = definition(BATCH, 0);
        System.out.printf("Distributed Map over %,d CSV rows, ItemBatcher MaxItemsPerBatch %d (%d child executions), %d cores%n",
                ROWS, BATCH, ROWS / BATCH, Runtime.getRuntime().availableProcessors());
        List<Double> seconds = new ArrayList<>();
        List<Double> cpuSeconds = new ArrayList<>();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int run = 0; run < RUNS + WARM_UP_RUNS; run++) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            ExecutionResult r = runtime.start("bench", definition, new ObjectMapper().readTree("{\"max\": " + ROWS + "}"), null);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            check(r);
            if (run >= WARM_UP_RUNS) { // the first runs warm up the JIT
                seconds.add(s);
                cpuSeconds.add(cpu);
            }
            System.out.printf("  run %d: %.3f s wall, %.3f s CPU (%s)%n", run + 1, s, cpu, run < WARM_UP_RUNS ? "warm-up" : "measured");
        }
        seconds.sort(Double::compare);
        double median = seconds.get(seconds.size() / 2);
        System.out.printf("items/s (median of %d, whole map state: read, batch, dispatch, collect, write results): %,.0f%n",
                RUNS, ROWS / median);
        cpuSeconds.sort(Double::compare);
        // On a shared machine wall time depends on the neighbours; CPU time is the machinery's own cost.
        System.out.printf("items per CPU-second of the whole process (median, GC and JIT included): %,.0f%n",
                ROWS / cpuSeconds.get(cpuSeconds.size() / 2));
        perChild(runtime);
    }

    /** Serial children (MaxConcurrency 1), 1 item each: wall time per child is the machinery's overhead plus a no-op handler. */
    private static void perChild(WorkflowRuntime runtime) throws Exception {
        int children = 2_000;
        String definition = definition(1, 1);
        List<Double> perChildMillis = new ArrayList<>();
        for (int run = 0; run < 4; run++) {
            long t0 = System.nanoTime();
            check(runtime.start("bench", definition, new ObjectMapper().readTree("{\"max\": " + children + "}"), null));
            perChildMillis.add((System.nanoTime() - t0) / 1e6 / children);
        }
        perChildMillis.sort(Double::compare);
        System.out.printf("overhead per child execution (serial, %,d children, median of %d after warm-up): %.3f ms%n",
                children, perChildMillis.size(), perChildMillis.get(perChildMillis.size() / 2));
    }

    private static void check(ExecutionResult r) {
        if (!r.succeeded()) {
            throw new IllegalStateException("benchmark execution failed: " + r.toJson());
        }
    }

    static String definition(int batch, int maxConcurrency) {
        String text = """
                {"StartAt": "Fanout", "States": {"Fanout": {"Type": "Map",
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItemsPath": "$.max"},
                    "Parameters": {"Bucket": "bench", "Key": "billing.csv"}},
                  "ItemBatcher": {"MaxItemsPerBatch": %d},
                  "MaxConcurrency": %d,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                    "StartAt": "Count", "States": {"Count": {"Type": "Task",
                      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:CountItems", "End": true}}},
                  "ToleratedFailurePercentage": 0,
                  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "bench", "Prefix": "results"}},
                  "End": true}}}""".formatted(batch, maxConcurrency);
        return Definitions.substitute(text, Map.of());
    }

    /** Rows in DESIGN's billing CSV layout, deterministic. */
    static byte[] csv(int rows) {
        StringBuilder sb = new StringBuilder(rows * 110);
        sb.append("billing_id,invoice_id,business_date,site_code,customer_code,billing_type,tax_code,quantity,unit_price,currency,description\n");
        Random random = new Random(7);
        String[] types = {"FREIGHT", "STORAGE", "HANDLING"};
        for (int i = 0; i < rows; i++) {
            sb.append("B").append(i).append(",INV").append(i / 4).append(",2026-04-01,TKY").append(i % 7)
                    .append(",C").append(random.nextInt(5000)).append(',').append(types[i % 3]).append(",S10,")
                    .append(1 + random.nextInt(50)).append(',').append(random.nextInt(100000) / 100.0)
                    .append(",JPY,\"pallet, standard\"\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
