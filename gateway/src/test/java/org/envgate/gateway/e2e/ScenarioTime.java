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

    private static final long HOUR = 3_600_000;

    private ScenarioTime() {
    }

    /**
     * @param originMillis   the simulated wall time at {@code realStartNanos}
     * @param realStartNanos a {@link System#nanoTime()} reading
     * @param noTimesyncd    a folder that does not exist: no systemd-timesyncd, so the clock is trusted
     */
    static ClockWatch clocks(long originMillis, long realStartNanos, double factor, Path noTimesyncd) {
        return clocks(originMillis, realStartNanos, factor, 0, noTimesyncd);
    }

    /**
     * Clocks that run at real speed for the first {@code slowMillis} of every hour (from an
     * {@code originMillis} on a full hour) and at {@code factor} the rest of it: readings reach
     * the buffer within a real second, and the gateway closes an hour a few seconds after it
     * ends, so an hour closes only once all its readings are in the buffer, as on a real clock.
     */
    static ClockWatch clocks(long originMillis, long realStartNanos, double factor, long slowMillis, Path noTimesyncd) {
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
                return originMillis + elapsed(realStartNanos, factor, slowMillis);
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
                return elapsed(realStartNanos, factor, slowMillis);
            }
        };
        return new ClockWatch(wall, monotonic, noTimesyncd.resolve("synchronized"), Instant.EPOCH);
    }

    private static long elapsed(long realStartNanos, double factor, long slowMillis) {
        double real = (System.nanoTime() - realStartNanos) / 1e6;
        double hourInReal = (HOUR - slowMillis) / factor + slowMillis;
        double hours = Math.floor(real / hourInReal);
        double intoHour = real - hours * hourInReal;
        return Math.round(hours * HOUR + (intoHour < slowMillis ? intoHour : slowMillis + (intoHour - slowMillis) * factor));
    }
}
