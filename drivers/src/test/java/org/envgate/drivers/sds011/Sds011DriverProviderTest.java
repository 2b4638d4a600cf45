package org.envgate.drivers.sds011;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.ValueRange;
import org.envgate.link.SerialSettings;
import org.envgate.testing.MapDriverOptions;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

class Sds011DriverProviderTest {

    /** MapDriverOptions with durations, written in seconds ("45s"). */
    private static DriverOptions options(Map<String, String> values) {
        MapDriverOptions map = new MapDriverOptions(values);
        return new DriverOptions() {
            public String text(String key, String defaultValue) {
                return map.text(key, defaultValue);
            }

            public int integer(String key, int defaultValue) {
                return map.integer(key, defaultValue);
            }

            public double number(String key, double defaultValue) {
                return map.number(key, defaultValue);
            }

            public Duration duration(String key, Duration defaultValue) {
                String text = values.get(key);
                return text == null ? defaultValue : Duration.ofSeconds(Long.parseLong(text.replace("s", "")));
            }

            public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
                return map.choice(key, type, defaultValue);
            }
        };
    }

    @Test
    void foundByServiceLoaderWithTheDatasheetDefaults() {
        SensorDriverProvider provider = DriverRegistry.load().find("sds011").orElseThrow();
        assertEquals(SerialSettings.DEFAULT_9600_8N1, provider.defaultSerialSettings());
        assertEquals(Duration.ofSeconds(30), provider.defaultWarmUp());
        assertEquals(Set.of(Quantity.PM2_5, Quantity.PM10), provider.quantities());
        assertEquals(Set.of("mode", "working-period", "sleep-between-reads", "wake-warm-up"), provider.optionKeys());
        assertEquals(new ValueRange(0, 999.9), provider.range(Quantity.PM10, new MapDriverOptions(Map.of())));
    }

    @Test
    void defaultsToQueryModeContinuousAndAwake() {
        assertEquals(Sds011Driver.Settings.DEFAULT, Sds011DriverProvider.settings(options(Map.of())));
    }

    @Test
    void activeModeWithAWorkingPeriod() {
        assertEquals(new Sds011Driver.Settings(Sds011Driver.Mode.ACTIVE, 5, false, Duration.ZERO),
                Sds011DriverProvider.settings(options(Map.of("mode", "active", "working-period", "5"))));
    }

    @Test
    void sleepBetweenReadsWithItsOwnWarmUp() {
        assertEquals(new Sds011Driver.Settings(Sds011Driver.Mode.QUERY, 0, true, Duration.ofSeconds(30)),
                Sds011DriverProvider.settings(options(Map.of("sleep-between-reads", "true"))));
        assertEquals(Duration.ofSeconds(45), Sds011DriverProvider.settings(
                options(Map.of("sleep-between-reads", "true", "wake-warm-up", "45s"))).wakeWarmUp());
    }

    @Test
    void badOptionsNameTheirKey() {
        assertEquals("mode", rejected(Map.of("mode", "passive")).key());
        assertEquals("working-period", rejected(Map.of("mode", "active", "working-period", "31")).key());
        assertEquals("working-period needs mode: active (the sensor reports on its own once per period)",
                rejected(Map.of("working-period", "5")).getMessage());
        assertEquals("sleep-between-reads", rejected(Map.of("sleep-between-reads", "yes")).key());
        assertEquals("sleep-between-reads", rejected(Map.of("mode", "active", "working-period", "2",
                "sleep-between-reads", "true")).key());
    }

    private static OptionException rejected(Map<String, String> values) {
        return assertThrows(OptionException.class, () -> Sds011DriverProvider.settings(options(values)));
    }
}
