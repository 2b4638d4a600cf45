package org.envgate.gateway.e2e;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.envgate.gateway.clock.ClockWatch;
import org.envgate.gateway.clock.MonotonicClock;

/**
 * A gateway's clocks running at a scenario's time factor, so that its windows, and its alert
 * rules' durations, are the scenario's simulated hours: both the wall clock and the monotonic
 * clock read {@code origin + (now - realStart) x factor}. The monotonic time comes from
 * {@link System#nanoTime()}, which every process of one boot shares, so gateways started one
 * after another on the same origin continue one simulated day.
 */
final class ScenarioTime {

    private ScenarioTime() {
    }

    /**
     * @param originMillis   the simulated wall time at {@code realStartNanos}
     * @param realStartNanos a {@link System#nanoTime()} reading
     * @param noTimesyncd    a folder that does not exist: no systemd-timesyncd, so the clock is trusted
     */
    static ClockWatch clocks(long originMillis, long realStartNanos, double factor, Path noTimesyncd) {
        Clock wall = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("the scenario's clock is UTC");
            }

            @Override
            public long millis() {
                return originMillis + elapsed(realStartNanos, factor);
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis());
            }
        };
        MonotonicClock monotonic = new MonotonicClock() {
            @Override
            public String boot() {
                return "scenario-time";
            }

            @Override
            public long millis() {
                return elapsed(realStartNanos, factor);
            }
        };
        return new ClockWatch(wall, monotonic, noTimesyncd.resolve("synchronized"), Instant.EPOCH);
    }

    private static long elapsed(long realStartNanos, double factor) {
        return Math.round((System.nanoTime() - realStartNanos) / 1e6 * factor);
    }
}
