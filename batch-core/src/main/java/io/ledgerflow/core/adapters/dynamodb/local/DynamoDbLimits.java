package io.ledgerflow.core.adapters.dynamodb.local;

import java.util.Locale;
import java.util.Optional;

/**
 * DynamoDB's throughput and item limits, as {@link ThrottlingProxy} enforces them in front of
 * DynamoDB Local (which enforces none of the throughput limits).
 *
 * <p>{@link #AWS}: a partition key serves at most 1,000 write units and 3,000 read units a second
 * (DynamoDB's per-partition limit; adaptive capacity isolates a hot key on its own partition, it
 * never lifts that cap); a new on-demand table serves 4,000 write units or 12,000 read units a
 * second, "or any linear combination of the two" (one table budget in which a write unit costs
 * 12,000 / 4,000 = 3 read units); an item is at most 400 KB. Sources in docs/aws.md.
 *
 * @param partitionWriteUnitsPerSecond write units one partition key serves a second
 * @param partitionReadUnitsPerSecond  read units one partition key serves a second
 * @param tableWriteUnitsPerSecond     write units the table serves a second (when it serves no reads)
 * @param tableReadUnitsPerSecond      read units the table serves a second (when it serves no writes)
 * @param itemBytesMax                 the largest item, in bytes as DynamoDB counts them ({@link ItemSizes})
 * @param burstSeconds                 how many seconds of unused capacity a bucket holds; 1 for {@link #AWS}:
 *                                     DynamoDB's burst capacity is best effort and "cannot relieve a hot
 *                                     partition", so the estimate does not count on it
 */
public record DynamoDbLimits(double partitionWriteUnitsPerSecond, double partitionReadUnitsPerSecond,
        double tableWriteUnitsPerSecond, double tableReadUnitsPerSecond, int itemBytesMax, double burstSeconds) {

    /** Environment variable that turns the limits on for the embedded engine: {@code aws} or {@code off}. */
    public static final String ENV = "LEDGERFLOW_DYNAMODB_LIMITS";
    /** System property with the same meaning; it wins over {@link #ENV}. */
    public static final String PROPERTY = "ledgerflow.dynamodb.limits";

    /** DynamoDB's largest item: 400 KB. */
    public static final int ITEM_BYTES_MAX = 400 * 1024;

    /** What DynamoDB in AWS allows a new on-demand table. */
    public static final DynamoDbLimits AWS = new DynamoDbLimits(1_000, 3_000, 4_000, 12_000, ITEM_BYTES_MAX, 1);

    private static final double UNITS_PER_SECOND_MAX = 1_000_000_000;

    public DynamoDbLimits {
        requirePositive("partitionWriteUnitsPerSecond", partitionWriteUnitsPerSecond);
        requirePositive("partitionReadUnitsPerSecond", partitionReadUnitsPerSecond);
        requirePositive("tableWriteUnitsPerSecond", tableWriteUnitsPerSecond);
        requirePositive("tableReadUnitsPerSecond", tableReadUnitsPerSecond);
        if (itemBytesMax < 1 || itemBytesMax > ITEM_BYTES_MAX) {
            throw new IllegalArgumentException("itemBytesMax must be 1.." + ITEM_BYTES_MAX + ", got " + itemBytesMax);
        }
        if (!(burstSeconds >= 0.001 && burstSeconds <= 300)) {
            throw new IllegalArgumentException("burstSeconds must be 0.001..300, got " + burstSeconds);
        }
    }

    /** How many table read units one write unit costs in the table's shared budget. */
    public double tableReadUnitsPerWriteUnit() {
        return tableReadUnitsPerSecond / tableWriteUnitsPerSecond;
    }

    /**
     * The mode the environment asks for: {@value #PROPERTY} (system property) or else {@value #ENV};
     * {@code aws} gives {@link #AWS}, {@code off} or nothing gives none.
     */
    public static Optional<DynamoDbLimits> fromEnvironment() {
        String property = System.getProperty(PROPERTY);
        return parse(property != null ? property : System.getenv(ENV));
    }

    static Optional<DynamoDbLimits> parse(String mode) {
        if (mode == null || mode.isBlank()) {
            return Optional.empty();
        }
        return switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "aws" -> Optional.of(AWS);
            case "off" -> Optional.empty();
            default -> throw new IllegalArgumentException(ENV + " (or -D" + PROPERTY + ") must be 'aws' or 'off', not '"
                    + mode + "'");
        };
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0 && value <= UNITS_PER_SECOND_MAX)) {
            throw new IllegalArgumentException(name + " must be > 0 and <= " + UNITS_PER_SECOND_MAX + ", got " + value);
        }
    }
}
