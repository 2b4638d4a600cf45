package org.envgate.gateway.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.envgate.common.Version;
import org.envgate.gateway.testing.ManualClocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClockWatchTest {

    private static final Instant BUILT = Instant.parse("2026-11-01T00:00:00Z");
    /** What a Pi without a real-time clock reads after a boot: the time saved at its last shutdown. */
    private static final Instant LAST_SHUTDOWN = Instant.parse("2026-11-20T18:00:00Z");

    @TempDir
    Path run;

    private Path flag() {
        return run.resolve("timesync").resolve("synchronized");
    }

    @Test
    void timesyncdRunningButNotYetSyncedIsUnsynchronizedUntilItsFlagAppears() throws Exception {
        Files.createDirectories(flag().getParent());
        ManualClocks clocks = new ManualClocks(LAST_SHUTDOWN, 5_000, "boot-1");
        ClockWatch watch = new ClockWatch(clocks.wall(), clocks.monotonic(), flag(), BUILT);

        Stamp before = watch.stamp();
        assertEquals(ClockWatch.State.UNSYNCHRONIZED, before.state(), "later than the build, but timesyncd has not set it");
        assertFalse(before.trusted());

        clocks.setWall(Instant.parse("2026-12-01T05:00:00Z"));
        Files.createFile(flag());
        Stamp after = watch.stamp();
        assertEquals(ClockWatch.State.SYNCHRONIZED, after.state());
        assertTrue(after.trusted());
        assertEquals(Instant.parse("2026-12-01T05:00:00Z").toEpochMilli(), after.wallMillis());
        assertEquals(5_000, after.monoMillis());
        assertEquals("synchronized", after.state().id());
    }

    @Test
    void aClockEarlierThanTheBuildIsNeverTrusted() throws Exception {
        ManualClocks clocks = new ManualClocks(Instant.parse("2001-01-01T00:00:00Z"), 5_000, "boot-1");
        ClockWatch watch = new ClockWatch(clocks.wall(), clocks.monotonic(), flag(), BUILT);
        assertEquals(ClockWatch.State.UNSYNCHRONIZED, watch.stamp().state(), "no timesyncd, but certainly wrong");

        Files.createDirectories(flag().getParent());
        Files.createFile(flag());
        assertEquals(ClockWatch.State.UNSYNCHRONIZED, watch.stamp().state(), "a flag does not make 2001 right");
    }

    @Test
    void withoutTimesyncdAPlausibleClockIsUnknownAndTrusted() {
        ManualClocks clocks = new ManualClocks(LAST_SHUTDOWN, 5_000, "boot-1");
        Stamp stamp = new ClockWatch(clocks.wall(), clocks.monotonic(), flag(), BUILT).stamp();
        assertEquals(ClockWatch.State.UNKNOWN, stamp.state());
        assertTrue(stamp.trusted());
    }

    @Test
    void countsAJumpEitherWayButNotTheClocksRunningTogether() {
        ManualClocks clocks = new ManualClocks(LAST_SHUTDOWN, 5_000, "boot-1");
        ClockWatch watch = new ClockWatch(clocks.wall(), clocks.monotonic(), flag(), BUILT);
        watch.tick();
        for (int i = 0; i < 5; i++) {
            clocks.advance(Duration.ofSeconds(1));
            watch.tick();
        }
        assertEquals(0, watch.jumps());

        clocks.advance(Duration.ofSeconds(1));
        clocks.setWall(clocks.wall().instant().plus(Duration.ofMillis(1_500)));
        watch.tick();
        assertEquals(0, watch.jumps(), "1.5 s is a correction, not a jump");

        clocks.advance(Duration.ofSeconds(1));
        clocks.setWall(clocks.wall().instant().plus(Duration.ofHours(3).plusMinutes(12)));
        watch.tick();
        assertEquals(1, watch.jumps(), "forward");

        clocks.advance(Duration.ofSeconds(1));
        clocks.setWall(clocks.wall().instant().minus(Duration.ofSeconds(10)));
        watch.tick();
        assertEquals(2, watch.jumps(), "back");

        clocks.advance(Duration.ofSeconds(1));
        watch.tick();
        assertEquals(2, watch.jumps(), "running together again");
    }

    @Test
    void aJumpIsToldInUnitsAPersonReads() {
        assertEquals("3h 12m", ClockWatch.span(Duration.ofHours(3).plusMinutes(12).plusSeconds(5).toMillis()));
        assertEquals("9466d 5h", ClockWatch.span(Duration.ofDays(9466).plusHours(5).plusMinutes(1).toMillis()));
        assertEquals("2d", ClockWatch.span(Duration.ofDays(2).plusSeconds(7).toMillis()));
        assertEquals("4s", ClockWatch.span(4_200));
    }

    @Test
    void theBuildKnowsWhenItWasMade() {
        assertTrue(Version.builtAt().isAfter(Instant.parse("2026-01-01T00:00:00Z")), Version.builtAt().toString());
    }
}
