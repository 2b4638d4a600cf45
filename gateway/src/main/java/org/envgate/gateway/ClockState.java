package org.envgate.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * Whether the system clock can be trusted. A Raspberry Pi has no real-time clock: until NTP has
 * set it, it runs from the last shutdown's time. systemd-timesyncd marks a successful sync with
 * a file; a clock earlier than this build is certainly wrong.
 */
public final class ClockState {

    static final Path TIMESYNC_FLAG = Path.of("/run/systemd/timesync/synchronized");

    private ClockState() {
    }

    /** {@code synchronized}, {@code unsynchronized} or {@code unknown} (no timesyncd, but plausible). */
    public static String of(Clock clock, Path timesyncFlag, Instant builtAt) {
        if (Files.exists(timesyncFlag)) {
            return "synchronized";
        }
        if (clock.instant().isBefore(builtAt)) {
            return "unsynchronized";
        }
        return "unknown";
    }

    public static String of(Clock clock) {
        return of(clock, TIMESYNC_FLAG, Version.builtAt());
    }
}
