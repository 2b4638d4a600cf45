package org.envgate.gateway.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.envgate.gateway.clock.MonotonicClock;

/** A wall clock and a monotonic clock that move only when a test moves them. */
public final class ManualClocks {

    private volatile long wallMillis;
    private volatile long monoMillis;
    private final String boot;

    public ManualClocks(Instant wall, long monoMillis, String boot) {
        this.wallMillis = wall.toEpochMilli();
        this.monoMillis = monoMillis;
        this.boot = boot;
    }

    /** Time passes: both clocks move on together. */
    public synchronized void advance(Duration d) {
        wallMillis += d.toMillis();
        monoMillis += d.toMillis();
    }

    /** The system clock is set (by NTP, by hand); the monotonic clock does not notice. */
    public void setWall(Instant wall) {
        wallMillis = wall.toEpochMilli();
    }

    public Clock wall() {
        return new Clock() {
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
                return Instant.ofEpochMilli(wallMillis);
            }
        };
    }

    public MonotonicClock monotonic() {
        return new MonotonicClock() {
            @Override
            public String boot() {
                return boot;
            }

            @Override
            public long millis() {
                return monoMillis;
            }
        };
    }
}
