package org.envgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.envgate.common.config.ConfigException;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.aqi.Aqi;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code aggregates:} and {@code aqi:} sections: defaults, and errors naming file, line and key. */
class AggregatesConfigTest {

    private static final String BASE = """
            gateway: {id: gw-1}
            mqtt: {url: tcp://broker.example:1883}
            sensors:
              - {id: pm, model: pms5003, port: /dev/ttyUSB0}
              - {id: air, model: mhz19b, port: /dev/ttyUSB1}
            """;

    private final GatewayConfigLoader loader = new GatewayConfigLoader(DriverRegistry.load());

    private GatewayConfig parse(String extra) throws ConfigException {
        return loader.parse("g.yaml", BASE + extra);
    }

    private String error(String extra) {
        return assertThrows(ConfigException.class, () -> parse(extra)).getMessage();
    }

    @Test
    void withoutTheSectionsTheWindowsAre1m1h24hInTheSystemZoneAndNoIndex() throws Exception {
        GatewayConfig config = parse("");
        assertEquals(List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(24)), config.aggregates().windows());
        assertEquals(ZoneId.systemDefault(), config.aggregates().timeZone());
        assertFalse(config.aqi().enabled());
    }

    @Test
    void readsWindowsZoneAndIndexes() throws Exception {
        GatewayConfig config = parse("""
                aggregates: {windows: [5m, 3h], time-zone: Asia/Ho_Chi_Minh}
                aqi: {indexes: [vn, us], pm2_5: pm, pm10: pm}
                """);
        assertEquals(List.of(Duration.ofMinutes(5), Duration.ofHours(3)), config.aggregates().windows());
        assertEquals(ZoneId.of("Asia/Ho_Chi_Minh"), config.aggregates().timeZone());
        assertEquals(List.of(Aqi.VN, Aqi.US), config.aqi().indexes());
        assertEquals(Map.of(Quantity.PM2_5, "pm", Quantity.PM10, "pm"), config.aqi().sensors());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "aggregates: {windows: [1h, 1m]}|g.yaml:6: aggregates.windows: '1m' must be longer than the window before it (list them ascending)",
        "aggregates: {windows: [7m]}|g.yaml:6: aggregates.windows: '7m' does not divide a day into whole windows (e.g. 1m, 5m, 15m, 1h, 3h, 24h do)",
        "aggregates: {windows: [30s]}|g.yaml:6: aggregates.windows: '30s' is not a whole number of minutes",
        "aggregates: {windows: [1m, soon]}|g.yaml:6: aggregates.windows: 'soon' is not a duration (write e.g. 1m, 1h, 24h)",
        "aggregates: {windows: 1h}|g.yaml:6: aggregates.windows: must be a list, e.g. [a, b]",
        "aggregates: {time-zone: Mars/Olympus}|g.yaml:6: aggregates.time-zone: 'Mars/Olympus' is not a time zone (write e.g. Asia/Ho_Chi_Minh)",
        "aggregates: {window: [1h]}|g.yaml:6: aggregates.window: unknown key (known here: time-zone, windows)",
        "aqi: {indexes: [vn], pm2_5: dust}|g.yaml:6: aqi.pm2_5: names sensor 'dust', which is not in sensors:",
        "aqi: {indexes: [vn], pm10: air}|g.yaml:6: aqi.pm10: sensor 'air' (mhz19b) does not report pm10",
        "aqi: {indexes: [uk], pm2_5: pm}|g.yaml:6: aqi.indexes: 'uk' is not an index (vn, us)",
        "aqi: {indexes: [vn]}|g.yaml:6: aqi.indexes: needs the sensor of at least one pollutant: pm2_5: <sensor id>, pm10: <sensor id>",
    })
    void aBadValueIsAnErrorWithFileLineAndKey(String section, String message) {
        assertEquals(message, error(section + "\n"));
    }
}
