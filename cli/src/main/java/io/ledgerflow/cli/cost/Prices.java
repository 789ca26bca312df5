package io.ledgerflow.cli.cost;

import java.math.BigDecimal;

/**
 * On-demand list prices in USD, for one region at one date. They are list prices copied by hand:
 * check them against the AWS pricing pages before quoting a figure (docs/cost.md).
 *
 * @param lambdaGbSecond       Lambda duration, arm64, per GB-second (first pricing tier)
 * @param lambdaRequest        Lambda, per request
 * @param sfnStandardTransition Step Functions Standard, per state transition
 * @param sfnExpressRequest    Step Functions Express, per request
 * @param sfnExpressGbSecond   Step Functions Express duration, per GB-second (first tier)
 * @param dynamoWriteUnit      DynamoDB on-demand, per write request unit
 * @param dynamoReadUnit       DynamoDB on-demand, per read request unit
 * @param dynamoGbMonth        DynamoDB Standard table storage, per GB-month
 * @param dynamoPitrGbMonth    DynamoDB continuous backups (point-in-time recovery), per GB-month
 * @param s3Put                S3 Standard PUT, COPY, POST, LIST, per request
 * @param s3Get                S3 Standard GET, per request
 * @param fixedPerMonth        what runs whatever the volume: the secret, the CloudWatch alarms' metrics
 * @param serverPerMonth       the always-on comparison: one instance (730 h) and its disk
 */
public record Prices(String region, String asOf, BigDecimal lambdaGbSecond, BigDecimal lambdaRequest,
        BigDecimal sfnStandardTransition, BigDecimal sfnExpressRequest, BigDecimal sfnExpressGbSecond,
        BigDecimal dynamoWriteUnit, BigDecimal dynamoReadUnit, BigDecimal dynamoGbMonth, BigDecimal dynamoPitrGbMonth,
        BigDecimal s3Put, BigDecimal s3Get, BigDecimal fixedPerMonth, String server, BigDecimal serverPerMonth) {

    private static final BigDecimal MILLION = new BigDecimal("1000000");
    private static final BigDecimal THOUSAND = new BigDecimal("1000");

    /**
     * us-east-1 (N. Virginia) list prices as of 2026-11-23 (docs/cost.md has the table and the
     * sources). Fixed: Secrets Manager secret 0.40 + 8 alarm metrics x 0.10 (two metric-math alarms
     * of three metrics each, two single-metric alarms). Server: m7g.large (2 vCPU, 8 GiB) at
     * 0.0816/h x 730 h = 59.568, plus 30 GB gp3 at 0.08 = 2.40.
     */
    public static final Prices US_EAST_1 = new Prices("us-east-1", "2026-11-23",
            new BigDecimal("0.0000133334"), new BigDecimal("0.20").divide(MILLION),
            new BigDecimal("0.025").divide(THOUSAND), new BigDecimal("1.00").divide(MILLION), new BigDecimal("0.00001667"),
            new BigDecimal("0.625").divide(MILLION), new BigDecimal("0.125").divide(MILLION),
            new BigDecimal("0.25"), new BigDecimal("0.20"),
            new BigDecimal("0.005").divide(THOUSAND), new BigDecimal("0.0004").divide(THOUSAND),
            new BigDecimal("1.20"), "m7g.large + 30 GB gp3", new BigDecimal("61.968"));
}
