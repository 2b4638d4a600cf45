package org.envgate.gateway.clock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.envgate.common.Version;
import org.tinylog.Logger;

/**
 * Whether the system clock can be trusted, and the stamps readings get.
 *
 * <p>A Raspberry Pi has no battery-backed clock: after a boot it runs from the time saved at
 * the last shutdown until systemd-timesyncd has set it from the network. The clock is
 * <ul>
 *   <li>{@code unsynchronized} (not trusted) when it is earlier than this build, or when
 *       systemd-timesyncd runs (its runtime folder exists) but has not marked a sync yet;</li>
 *   <li>{@code synchronized} when systemd-timesyncd has marked a sync with its flag file;</li>
 *   <li>{@code unknown} when there is no systemd-timesyncd to ask (chrony, ntpd, a real-time
 *       clock, a container, a desktop): it is trusted, since it is later than this build.</li>
 * </ul>
 * A gateway started as a systemd service with default dependencies starts after
 * systemd-timesyncd (which is part of sysinit.target), so its folder is there from the first reading.
 *
 * <p>{@link #tick()}, called every second, logs a change of state and a jump of the wall clock
 * (a difference of more than {@link #JUMP_MS} between how far the wall clock and the monotonic
 * clock moved), and counts the jumps.
 */
public final class ClockWatch {

    /** How much the wall clock may move apart from the monotonic clock in one tick before it counts as a jump. */
    public static final long JUMP_MS = 2_000;
    static final Path TIMESYNC_FLAG = Path.of("/run/systemd/timesync/synchronized");

    /** What the health report says about the clock. */
    public enum State {
        SYNCHRONIZED, UNSYNCHRONIZED, UNKNOWN;

        public boolean trusted() {
            return this != UNSYNCHRONIZED;
        }

        /** As published: {@code synchronized}, {@code unsynchronized}, {@code unknown}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Clock wall;
    private final MonotonicClock monotonic;
    private final Path timesyncFlag;
    private final Path timesyncFolder;
    private final long floorMillis;
    private long jumps;
    private Stamp last;

    /**
     * @param timesyncFlag the file systemd-timesyncd creates when it has synchronized the
     *                     clock; its folder exists while systemd-timesyncd runs
     * @param floor        no correct clock is earlier than this (the build's time)
     */
    public ClockWatch(Clock wall, MonotonicClock monotonic, Path timesyncFlag, Instant floor) {
        this.wall = wall;
        this.monotonic = monotonic;
        this.timesyncFlag = timesyncFlag;
        this.timesyncFolder = timesyncFlag.toAbsolutePath().getParent();
        this.floorMillis = floor.toEpochMilli();
    }

    /** The system's clocks, systemd-timesyncd's flag, and this build's time as the floor. */
    public static ClockWatch system(Clock wall) {
        return new ClockWatch(wall, MonotonicClock.system(), TIMESYNC_FLAG, Version.builtAt());
    }

    public Clock wall() {
        return wall;
    }

    /** This boot, as the monotonic stamps know it. */
    public String boot() {
        return monotonic.boot();
    }

    /**
     * Reads both clocks now. What decides trust is looked at before the clocks are read:
     * systemd-timesyncd sets the clock first and creates its flag after, so a wall time read
     * after the flag was seen is the synchronized one.
     */
    public Stamp stamp() {
        boolean flag = Files.exists(timesyncFlag);
        boolean timesyncd = flag || Files.isDirectory(timesyncFolder);
        long wallMillis = wall.millis();
        long monoMillis = monotonic.millis();
        State state;
        if (wallMillis < floorMillis) {
            state = State.UNSYNCHRONIZED;
        } else if (flag) {
            state = State.SYNCHRONIZED;
        } else {
            state = timesyncd ? State.UNSYNCHRONIZED : State.UNKNOWN;
        }
        return new Stamp(wallMillis, monoMillis, state);
    }

    /** Clock jumps seen since start. */
    public synchronized long jumps() {
        return jumps;
    }

    /** Looks at the clock once: logs a change of state, and a jump with its size and direction. */
    public synchronized void tick() {
        Stamp now = stamp();
        if (last != null) {
            long expected = last.wallMillis() + (now.monoMillis() - last.monoMillis());
            long jump = now.wallMillis() - expected;
            if (Math.abs(jump) > JUMP_MS) {
                jumps++;
                Logger.warn("system clock jumped {} {} (it would read {}, it reads {}); readings already taken keep "
                        + "their time", jump > 0 ? "forward" : "back", span(Math.abs(jump)),
                        Instant.ofEpochMilli(expected), Instant.ofEpochMilli(now.wallMillis()));
            }
        }
        if (last == null || last.state() != now.state()) {
            logState(now);
        }
        last = now;
    }

    private void logState(Stamp now) {
        Instant time = Instant.ofEpochMilli(now.wallMillis());
        switch (now.state()) {
            case SYNCHRONIZED -> Logger.info("clock synchronized by systemd-timesyncd ({} exists): {}", timesyncFlag, time);
            case UNKNOWN -> Logger.info("clock {}: no systemd-timesyncd to ask ({} absent); trusted, as it is later "
                    + "than this build", time, timesyncFolder);
            case UNSYNCHRONIZED -> Logger.warn("clock not synchronized: it reads {}{}; readings are held and given "
                    + "their time once it is", time, now.wallMillis() < floorMillis
                    ? ", earlier than this build (" + Instant.ofEpochMilli(floorMillis) + ")"
                    : ", and systemd-timesyncd has not set it yet (no " + timesyncFlag + ")");
        }
    }

    /** A length of time for a person: its two largest units, e.g. {@code 3h 12m}, {@code 9466d 5h}, {@code 4s}. */
    static String span(long millis) {
        long seconds = millis / 1000;
        long[] amounts = {seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60};
        String[] units = {"d", "h", "m", "s"};
        int first = 0;
        while (first < 3 && amounts[first] == 0) {
            first++;
        }
        String text = amounts[first] + units[first];
        return first < 3 && amounts[first + 1] > 0 ? text + " " + amounts[first + 1] + units[first + 1] : text;
    }
}
