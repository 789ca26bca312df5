package io.ledgerflow.cli.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerflow.cli.cost.CostModel.Estimate;
import io.ledgerflow.cli.cost.CostModel.Line;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;

class CostModelTest {

    /** Round figures, so that each line can be checked by hand: 250 write units (KB) of entries per 1,000 records. */
    private static final Measurements ROUND = new Measurements("round figures", new BigDecimal("0.25"), new BigDecimal("250"), 100,
            new BigDecimal("10"), new BigDecimal("1000"), new BigDecimal("100"), BigDecimal.ZERO, BigDecimal.ZERO, 1000);

    /** Every unit price 1, so that each line's cost is its quantity. */
    private static final Prices ONES = new Prices("test", "2026-11-23", BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE,
            BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE,
            BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, "server", BigDecimal.TEN);

    @Test
    void quantities_followTheFormulas() {
        // given 4,000 records a day, 2 days, 1,000-line partitions, 2 a batch: 4 partitions, 2 worker calls,
        // 1,000 write units of entry pages
        Workload workload = new Workload(4_000, 2, 1_000, 2, false);

        // when
        Estimate e = CostModel.estimate(workload, ROUND, ONES);

        // then
        assertThat(workload.partitions()).isEqualTo(4);
        assertThat(workload.batches()).isEqualTo(2);
        // (2 GB x 0.04 s + 1769/1024 GB x 4 s + 2 GB x 0.4 s) x 2 days
        assertQuantity(e, "duration (arm64)", "15.5803125");
        // (2 worker calls + Prepare + Finalize) x 2 days + close (5 + 2 days)
        assertQuantity(e, "requests", "15");
        // parent 3 x 2 + children 2 x 2 x 2 + close 6 + 2 x 2
        assertQuantity(e, "transitions, Standard", "24");
        // (1,000 units of entry pages + 100 summary items + 10 bookkeeping) x 2 days
        assertQuantity(e, "write request units", "2220");
        // (1,000 KB / 4 KB + 2 GetItems + 10) x 2 days + close (2 x 100 x 2 / 10 + 10)
        assertQuantity(e, "read request units", "574");
        // (3 x 4 partitions + 5 + 1 list) x 2 days
        assertQuantity(e, "PUT and LIST requests", "36");
        // (3 x 4 + 2 + 4) x 2 days + close (2 + 3)
        assertQuantity(e, "GET requests", "41");
        assertThat(e.total()).isEqualByComparingTo("2926.5803125"); // every price is 1, plus the fixed 1
        assertThat(e.storageAddedGb()).isEqualByComparingTo("0.0019073486"); // 2,000 KB, 10 places;
        assertThat(e.serverInstances()).isEqualTo(4); // 4,000 records at 1,000 an hour, in an hour
        assertThat(e.serverTotal()).isEqualByComparingTo("40");
    }

    @Test
    void expressChildren_arePricedPerRequestAndDuration_notPerTransition() {
        Estimate e = CostModel.estimate(new Workload(4_000, 2, 1_000, 2, true), ROUND, ONES);

        assertQuantity(e, "transitions, Standard", "16");
        assertQuantity(e, "Express children", "4");
        // 64 MB = 0.0625 GB x 4 s of worker time a day x 2 days
        assertQuantity(e, "Express duration", "0.5");
    }

    @Test
    void theDefaultDurations_areTheDayMeasuredUnderTheDynamoDbLimits() {
        // given the default measurements: Prepare 18.0, the workers 106.0, Finalize 5.5 ms per 1,000 records,
        // and the daily default of 10,000-line partitions, 2 a batch: 50 partitions, 25 worker calls
        Estimate e = CostModel.estimate(new Workload(500_000, 30, 10_000, 2, false), Measurements.BENCHMARKS, Prices.US_EAST_1);

        // then 30 x [2 GB x 9.2 s + 1769/1024 GB x (53 + 0.2 x 25) s + 2 GB x 2.95 s] + 90 GB-s
        assertThat(Measurements.BENCHMARKS).isSameAs(Measurements.UNDER_DYNAMODB_LIMITS);
        assertThat(e.measurements().source()).contains("under the DynamoDB limits");
        assertThat(line(e, "duration (arm64)").quantity()).isEqualByComparingTo("3824.91796875");
    }

    @Test
    void aDayOfHalfAMillionRecords_atListPrices() {
        Estimate e = CostModel.estimate(new Workload(500_000, 30, 10_000, 2, false), Measurements.WITHOUT_DYNAMODB_LIMITS,
                Prices.US_EAST_1);

        // entry pages of 500,000 records at 18.0 units per 1,000: (9,000 + 500 + 10) x 30 = 285,300 WRU
        // at 0.625 USD a million (one item per entry was 4,253,190)
        assertThat(line(e, "write request units").quantity()).isEqualByComparingTo("285300");
        assertThat(line(e, "write request units").cost()).isEqualByComparingTo("0.1783125");
        // Finalize's reads of the pages: ceil(9,000 / 4) = 2,250 units a day, one GetItem per worker call
        assertThat(line(e, "read request units").quantity()).isEqualByComparingTo(
                String.valueOf((2_250 + 25 + 10) * 30 + (2 * 500 * 30 / 10 + 10)));
        // 50 partitions, 25 children: (3 + 2 x 25) x 30 + 6 + 60 = 1,656 transitions at 0.025 USD a thousand
        assertThat(line(e, "transitions, Standard").cost()).isEqualByComparingTo("0.0414");
        // the fixed 1.20 is most of it now (4-8 USD with an item per entry and 2,000-line partitions)
        assertThat(e.total()).isBetween(new BigDecimal("1.2"), new BigDecimal("2"));
        assertThat(e.serverInstances()).isEqualTo(1);
    }

    @Test
    void memorySizes_areTheTemplates() throws java.io.IOException {
        // given workflows/template.yaml, its CloudFormation tags read as plain values
        Path template = Files.isRegularFile(Path.of("../workflows/template.yaml"))
                ? Path.of("../workflows/template.yaml") : Path.of("workflows/template.yaml");
        var constructor = new SafeConstructor(new LoaderOptions()) {
            {
                yamlMultiConstructors.put("!", new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        return node.getTag().getValue();
                    }
                });
            }
        };
        Map<?, ?> resources = (Map<?, ?>) ((Map<?, ?>) new Yaml(constructor).load(Files.readString(template))).get("Resources");

        // then the model prices the memory the functions are deployed with
        assertThat(memory(resources, "PrepareDayFunction")).isEqualTo(CostModel.PREPARE_MB);
        assertThat(memory(resources, "JournalizePartitionsFunction")).isEqualTo(CostModel.WORKER_MB);
        assertThat(memory(resources, "FinalizeDayFunction")).isEqualTo(CostModel.FINALIZE_MB);
    }

    private static Object memory(Map<?, ?> resources, String function) {
        return ((Map<?, ?>) ((Map<?, ?>) resources.get(function)).get("Properties")).get("MemorySize");
    }

    @Test
    void workload_refusesWhatIsOutOfRange() {
        assertThatThrownBy(() -> new Workload(0, 30, 2_000, 2, false)).hasMessageContaining("records per day");
        assertThatThrownBy(() -> new Workload(1, 32, 2_000, 2, false)).hasMessageContaining("days per month");
        assertThatThrownBy(() -> new Workload(1, 30, 2_000, 0, false)).hasMessageContaining("partitions per batch");
    }

    private static void assertQuantity(Estimate e, String item, String expected) {
        Line line = line(e, item);
        assertThat(line.quantity()).as(item).isEqualByComparingTo(expected);
        assertThat(line.cost()).as(item + " at 1 a unit").isEqualByComparingTo(expected);
    }

    private static Line line(Estimate e, String item) {
        return e.lines().stream().filter(l -> l.item().equals(item)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + item + " in " + e.lines()));
    }
}
