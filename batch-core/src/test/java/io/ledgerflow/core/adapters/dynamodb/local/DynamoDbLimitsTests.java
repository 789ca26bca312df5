package io.ledgerflow.core.adapters.dynamodb.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DynamoDbLimitsTests {

    @Test
    void aws_isWhatANewOnDemandTableGets() {
        assertThat(DynamoDbLimits.AWS.partitionWriteUnitsPerSecond()).isEqualTo(1_000);
        assertThat(DynamoDbLimits.AWS.partitionReadUnitsPerSecond()).isEqualTo(3_000);
        assertThat(DynamoDbLimits.AWS.tableWriteUnitsPerSecond()).isEqualTo(4_000);
        assertThat(DynamoDbLimits.AWS.tableReadUnitsPerSecond()).isEqualTo(12_000);
        assertThat(DynamoDbLimits.AWS.tableReadUnitsPerWriteUnit()).isEqualTo(3.0);
        assertThat(DynamoDbLimits.AWS.itemBytesMax()).isEqualTo(409_600);
    }

    @Test
    void mode_isAwsOrOff_andAnythingElseIsRefusedByName() {
        assertThat(DynamoDbLimits.parse("aws")).contains(DynamoDbLimits.AWS);
        assertThat(DynamoDbLimits.parse(" AWS ")).contains(DynamoDbLimits.AWS);
        assertThat(DynamoDbLimits.parse("off")).isEmpty();
        assertThat(DynamoDbLimits.parse("")).isEmpty();
        assertThat(DynamoDbLimits.parse(null)).isEmpty();
        assertThatThrownBy(() -> DynamoDbLimits.parse("on"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LEDGERFLOW_DYNAMODB_LIMITS").hasMessageContaining("'aws' or 'off', not 'on'");
    }

    @Test
    void systemProperty_turnsTheLimitsOn() {
        String before = System.getProperty(DynamoDbLimits.PROPERTY);
        try {
            System.setProperty(DynamoDbLimits.PROPERTY, "aws");
            assertThat(DynamoDbLimits.fromEnvironment()).contains(DynamoDbLimits.AWS);
            System.setProperty(DynamoDbLimits.PROPERTY, "off");
            assertThat(DynamoDbLimits.fromEnvironment()).isEmpty();
        } finally {
            if (before == null) {
                System.clearProperty(DynamoDbLimits.PROPERTY);
            } else {
                System.setProperty(DynamoDbLimits.PROPERTY, before);
            }
        }
    }
}
