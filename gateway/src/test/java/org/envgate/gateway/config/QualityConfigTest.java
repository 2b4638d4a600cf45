package org.envgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.envgate.common.config.ConfigException;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.ValueRange;
import org.envgate.gateway.quality.Calibration;
import org.envgate.gateway.quality.FlatLine;
import org.envgate.gateway.quality.QcDefaults;
import org.envgate.gateway.quality.QuantityChecks;
import org.envgate.gateway.quality.RateOfChange;
import org.envgate.gateway.quality.Spike;
import org.envgate.gateway.quality.Term;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QualityConfigTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);
    private final GatewayConfigLoader loader = new GatewayConfigLoader(DriverRegistry.load());

    /** A station with a PM sensor (its extra keys at line 7) and a humidity probe; {@code pmExtra} goes under the PM sensor. */
    private GatewayConfig load(String pmExtra) throws ConfigException {
        return loader.parse("gw.yaml", """
                gateway: {id: gw-1}
                mqtt: {url: "tcp://broker:1883"}
                sensors:
                  - id: pm
                    model: pms5003
                    port: /dev/ttyUSB0
                %s
                  - id: rh
                    model: modbus
                    port: /dev/ttyUSB1
                    address: 1
                    registers:
                      - {register: 0, scale: 0.01, quantity: humidity}
                      - {register: 1, scale: 0.1, quantity: temperature}
                """.formatted(pmExtra.indent(4).stripTrailing()));
    }

    private QuantityChecks pm25(GatewayConfig config) {
        return config.sensors().get(0).quality().checks().get(Quantity.PM2_5);
    }

    @Test
    void readsTheExampleOfTheDesign() throws Exception {
        GatewayConfig config = load("""
                qc:
                  pm2_5:
                    user-range: [0, 250]
                    flat-line: {tolerance: 0.1, suspect-after: 30m, fail-after: 2h}
                    spike: {suspect: 50, fail: 200}
                    rate-of-change: {suspect-per-minute: 100}
                calibration:
                  pm2_5: {slope: 0.524, offset: 5.75, terms: {rh/humidity: -0.0862},
                          date: 2026-11-01, reference: "agency BAM-1020 at Lien Chieu", max-age: 180d}
                """);
        QuantityChecks checks = pm25(config);
        assertEquals(Optional.of(new ValueRange(0, 1000)), checks.grossRange());
        assertEquals(Optional.of(new ValueRange(0, 250)), checks.userRange());
        assertEquals(Optional.of(new FlatLine(0.1, Duration.ofMinutes(30), Duration.ofHours(2))), checks.flatLine());
        assertEquals(Optional.of(new Spike(50, 200)), checks.spike());
        assertEquals(Optional.of(new RateOfChange(100)), checks.rateOfChange());
        assertEquals(new Calibration(0.524, 5.75, Map.of(new Term("rh", Quantity.HUMIDITY), -0.0862),
                        Optional.of(LocalDate.of(2026, 11, 1)), "agency BAM-1020 at Lien Chieu",
                        Optional.of(Duration.ofDays(180))),
                config.sensors().get(0).quality().calibrations().get(Quantity.PM2_5));
    }

    @Test
    void everyReportedQuantityHasTheDefaultsOfItsRowWithoutQc() throws Exception {
        GatewayConfig config = load("");
        for (SensorConfig sensor : config.sensors()) {
            assertEquals(sensor.quantities(), sensor.quality().checks().keySet(), sensor.id());
            for (Map.Entry<Quantity, QuantityChecks> entry : sensor.quality().checks().entrySet()) {
                QcDefaults.Checks row = QcDefaults.of(entry.getKey());
                QuantityChecks checks = entry.getValue();
                assertTrue(checks.grossRange().isPresent());
                assertEquals(Optional.empty(), checks.userRange());
                assertEquals(row.flatLine(), checks.flatLine());
                assertEquals(row.spike(), checks.spike());
                assertEquals(row.rateOfChange(), checks.rateOfChange());
            }
            assertTrue(sensor.quality().calibrations().isEmpty());
        }
    }

    @Test
    void aTestSwitchedOffIsOffAndAPartialOneKeepsTheRestOfTheDefaults() throws Exception {
        GatewayConfig config = load("""
                qc:
                  pm2_5: {flat-line: off, spike: false, gross-range: off, rate-of-change: {suspect-per-minute: 7}}
                  pm10: {flat-line: {suspect-after: 10m}, gross-range: [0, 500]}
                """);
        QuantityChecks pm25 = pm25(config);
        assertEquals(Optional.empty(), pm25.flatLine());
        assertEquals(Optional.empty(), pm25.spike());
        assertEquals(Optional.empty(), pm25.grossRange());
        assertEquals(Optional.of(new RateOfChange(7)), pm25.rateOfChange());
        QuantityChecks pm10 = config.sensors().get(0).quality().checks().get(Quantity.PM10);
        assertEquals(Optional.of(new FlatLine(0, Duration.ofMinutes(10), Duration.ofHours(2))), pm10.flatLine());
        assertEquals(Optional.of(new ValueRange(0, 500)), pm10.grossRange());
    }

    @Test
    void aCalibrationDefaultsToSlopeOneOffsetZeroAndMayUseAnotherQuantityOfItsSensor() throws Exception {
        GatewayConfig config = load("""
                calibration:
                  pm2_5: {slope: 0, terms: {pm/pm10: 0.5}}
                  pm10: {offset: -2}
                """);
        Map<Quantity, Calibration> calibrations = config.sensors().get(0).quality().calibrations();
        assertEquals(new Calibration(0, 0, Map.of(new Term("pm", Quantity.PM10), 0.5), Optional.empty(), "",
                Optional.empty()), calibrations.get(Quantity.PM2_5));
        assertEquals(new Calibration(1, -2, Map.of(), Optional.empty(), "", Optional.empty()),
                calibrations.get(Quantity.PM10));
    }

    @Test
    void aCalibrationMayBeDatedToday() throws Exception {
        GatewayConfig config = load("calibration: {pm2_5: {date: " + TODAY + ", max-age: 1d}}");
        assertEquals(Optional.of(TODAY), config.sensors().get(0).quality().calibrations().get(Quantity.PM2_5).date());
    }

    /** Each bad setting stops the gateway with file, line and key. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            qc: {co2: {spike: off}}                                         | 7  | sensors[0].qc.co2              | not a quantity this pms5003 sensor reports (pm10, pm10_cf1, pm1_0, pm1_0_cf1, pm2_5, pm2_5_cf1)
            qc: {pm2_5: {flat-line: {suspect-after: -5m}}}                  | 7  | sensors[0].qc.pm2_5.flat-line.suspect-after | negative
            qc: {pm2_5: {flat-line: {fail-after: 0s}}}                      | 7  | sensors[0].qc.pm2_5.flat-line.fail-after | longer than 0
            qc: {pm2_5: {flat-line: {suspect-after: 3h}}}                   | 7  | sensors[0].qc.pm2_5.flat-line.suspect-after | suspect-after must not be longer than fail-after
            qc: {pm2_5: {flat-line: {tolerance: -1}}}                       | 7  | sensors[0].qc.pm2_5.flat-line.tolerance | must be 0 or more
            qc: {pm2_5: {spike: {suspect: 300}}}                            | 7  | sensors[0].qc.pm2_5.spike.suspect | suspect must not be above fail
            qc: {pm2_5: {rate-of-change: {suspect-per-minute: 0}}}          | 7  | sensors[0].qc.pm2_5.rate-of-change.suspect-per-minute | must be above 0
            qc: {pm2_5: {user-range: [250, 0]}}                             | 7  | sensors[0].qc.pm2_5.user-range | min 250.0 is above max 0.0
            qc: {pm2_5: {user-range: [0]}}                                  | 7  | sensors[0].qc.pm2_5.user-range | must be a list of 2 numbers
            qc: {pm2_5: {gross-range: [0, 2000]}}                           | 7  | sensors[0].qc.pm2_5.gross-range | can only narrow the sensor's range (0 to 1000)
            qc: {pm2_5: {spike: {suspect: 1, fails: 2}}}                    | 7  | sensors[0].qc.pm2_5.spike.fails | unknown key
            qc: {pm2_5: {stuck: off}}                                       | 7  | sensors[0].qc.pm2_5.stuck      | unknown key
            calibration: {pm2_5: {slope: 2, gain: 1}}                       | 7  | sensors[0].calibration.pm2_5.gain | unknown key
            calibration: {pm2_5: {max-age: 180d}}                           | 7  | sensors[0].calibration.pm2_5.max-age | needs the calibration's date
            calibration: {pm2_5: {date: 1.11.2026}}                         | 7  | sensors[0].calibration.pm2_5.date | not a date (write YYYY-MM-DD)
            calibration: {pm2_5: {date: 2026-11-01, max-age: -1d}}          | 7  | sensors[0].calibration.pm2_5.max-age | negative
            calibration: {pm2_5: {terms: {air/humidity: 1}}}                | 7  | sensors[0].calibration.pm2_5.terms.air/humidity | no sensor 'air' in this config (sensors: pm, rh)
            calibration: {pm2_5: {terms: {rh/co2: 1}}}                      | 7  | sensors[0].calibration.pm2_5.terms.rh/co2 | sensor 'rh' (modbus) does not report co2 (it reports humidity, temperature)
            calibration: {pm2_5: {terms: {rh/dew: 1}}}                      | 7  | sensors[0].calibration.pm2_5.terms.rh/dew | must be sensor/quantity
            calibration: {pm2_5: {terms: {pm/pm2_5: 1}}}                    | 7  | sensors[0].calibration.pm2_5.terms.pm/pm2_5 | cannot be a term of its own calibration
            calibration: {ph: {slope: 2}}                                   | 7  | sensors[0].calibration.ph      | not a quantity this pms5003 sensor reports
            """)
    void refusesBadQualityConfig(String extra, int line, String key, String problem) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(extra));
        assertEquals(key, e.key(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("gw.yaml:" + line + ": " + key + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void aTermOnAModbusProbeMustBeInItsRegisterMap() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("calibration: {pm2_5: {terms: {rh/ph: 1}}}"));
        assertTrue(e.getMessage().contains("does not report ph"), e.getMessage());
    }

    @Test
    void aSpanMustHoldNumbers() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("qc: {pm2_5: {user-range: [0, lots]}}"));
        assertEquals("gw.yaml:7: sensors[0].qc.pm2_5.user-range: 'lots' is not a number", e.getMessage());
    }
}
