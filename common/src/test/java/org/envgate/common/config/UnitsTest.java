package org.envgate.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

    @Test
    void durations() {
        assertEquals(Optional.of(Duration.ofMillis(500)), Units.parseDuration("500ms"));
        assertEquals(Optional.of(Duration.ofSeconds(10)), Units.parseDuration("10s"));
        assertEquals(Optional.of(Duration.ofMinutes(5)), Units.parseDuration("5m"));
        assertEquals(Optional.of(Duration.ofHours(2)), Units.parseDuration("2h"));
        assertEquals(Optional.of(Duration.ofDays(7)), Units.parseDuration("7d"));
        assertEquals(Optional.of(Duration.ZERO), Units.parseDuration("0s"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "s", "-5s", "1.5s", "10 seconds", "5M", "10sec", "1e3ms"})
    void notDurations(String text) {
        assertTrue(Units.parseDuration(text).isEmpty(), text);
    }

    @Test
    void sizesAreBinary() {
        assertEquals(Optional.of(512L << 20), Units.parseSize("512MB"));
        assertEquals(Optional.of(2L << 30), Units.parseSize("2GB"));
        assertEquals(Optional.of(2L << 30), Units.parseSize("2GiB"));
        assertEquals(Optional.of(64L << 10), Units.parseSize("64KB"));
        assertEquals(Optional.of(100L), Units.parseSize("100B"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "GB", "2 gigs", "-1GB", "99999999999TB"})
    void notSizes(String text) {
        assertTrue(Units.parseSize(text).isEmpty(), text);
    }

    @Test
    void formatsTheWayTheConfigIsWritten() {
        assertEquals("500ms", Units.format(Duration.ofMillis(500)));
        assertEquals("10s", Units.format(Duration.ofSeconds(10)));
        assertEquals("5m", Units.format(Duration.ofMinutes(5)));
        assertEquals("0s", Units.format(Duration.ZERO));
    }
}
