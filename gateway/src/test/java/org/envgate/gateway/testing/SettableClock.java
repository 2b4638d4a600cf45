package org.envgate.gateway.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A wall clock that runs at the real rate from wherever a test sets it, like a system clock that is set while running. */
public final class SettableClock extends Clock {

    private volatile long offsetMillis;

    public SettableClock(Instant now) {
        setTo(now);
    }

    public void setTo(Instant now) {
        offsetMillis = now.toEpochMilli() - System.currentTimeMillis();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock stays in UTC");
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(System.currentTimeMillis() + offsetMillis);
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offsetMillis;
    }
}
