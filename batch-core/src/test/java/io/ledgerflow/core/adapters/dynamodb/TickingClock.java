package io.ledgerflow.core.adapters.dynamodb;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves one second each time it is read, so run start times are distinct and known. */
final class TickingClock extends Clock {

    private final AtomicLong seconds = new AtomicLong(Instant.parse("2026-11-20T15:00:00Z").getEpochSecond());

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochSecond(seconds.getAndIncrement());
    }
}
