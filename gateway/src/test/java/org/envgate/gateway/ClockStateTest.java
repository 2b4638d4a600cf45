package org.envgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClockStateTest {

    private static final Instant BUILT = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void timesyncdsFlagMeansSynchronized(@TempDir Path dir) throws Exception {
        Path flag = Files.createFile(dir.resolve("synchronized"));
        assertEquals("synchronized", ClockState.of(Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC), flag, BUILT));
    }

    @Test
    void aClockBeforeTheBuildIsUnsynchronized(@TempDir Path dir) {
        assertEquals("unsynchronized", ClockState.of(Clock.fixed(Instant.parse("1970-01-01T00:02:00Z"), ZoneOffset.UTC),
                dir.resolve("synchronized"), BUILT));
    }

    @Test
    void aPlausibleClockWithoutTimesyncdIsUnknown(@TempDir Path dir) {
        assertEquals("unknown", ClockState.of(Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC),
                dir.resolve("synchronized"), BUILT));
    }

    @Test
    void theBuildKnowsWhenItWasMade() {
        assertEquals(true, Version.builtAt().isAfter(Instant.parse("2026-01-01T00:00:00Z")), Version.builtAt().toString());
    }
}
