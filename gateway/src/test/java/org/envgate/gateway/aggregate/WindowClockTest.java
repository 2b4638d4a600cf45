package org.envgate.gateway.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Windows start at the local full hour and the local midnight, also in a zone half an hour off UTC. */
class WindowClockTest {

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void windowsAreAlignedToTheLocalClock() {
        WindowClock kolkata = new WindowClock(ZoneId.of("Asia/Kolkata"));
        assertEquals(at("2026-12-03T04:30:00Z"), kolkata.start(at("2026-12-03T04:30:00Z"), Duration.ofHours(1)));
        assertEquals(at("2026-12-03T04:30:00Z"), kolkata.start(at("2026-12-03T05:29:59.999Z"), Duration.ofHours(1)));
        assertEquals(at("2026-12-02T18:30:00Z"), kolkata.start(at("2026-12-03T18:29:59.999Z"), Duration.ofDays(1)));
        assertEquals(at("2026-12-03T18:30:00Z"), kolkata.start(at("2026-12-03T18:30:00Z"), Duration.ofDays(1)));
        assertEquals(at("2026-12-03T05:15:00Z"), kolkata.start(at("2026-12-03T05:29:00Z"), Duration.ofMinutes(15)));
    }

    @Test
    void onADaylightSavingDayTheLastWindowEndsAtMidnight() {
        WindowClock berlin = new WindowClock(ZoneId.of("Europe/Berlin"));
        long dayStart = at("2026-03-28T23:00:00Z");
        assertEquals(dayStart, berlin.start(at("2026-03-29T12:00:00Z"), Duration.ofDays(1)));
        assertEquals(at("2026-03-29T22:00:00Z"), berlin.end(dayStart, Duration.ofDays(1)), "a day of 23 hours");
    }

    @Test
    void namesAreWrittenLikeTheConfig() {
        assertEquals("1m", WindowClock.name(Duration.ofMinutes(1)));
        assertEquals("15m", WindowClock.name(Duration.ofMinutes(15)));
        assertEquals("1h", WindowClock.name(Duration.ofHours(1)));
        assertEquals("24h", WindowClock.name(Duration.ofDays(1)));
    }
}
