package org.envgate.gateway.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.envgate.common.config.ConfigException;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.Resolution;
import org.envgate.gateway.clock.TakenReading;
import org.envgate.gateway.config.GatewayConfig;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.gateway.poll.Sample;
import org.envgate.wire.QcFlag;
import org.envgate.wire.QcTest;
import org.envgate.wire.Quality;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.junit.jupiter.api.Test;

class QualityStageTest {

    private static final long T0 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    private final List<TakenReading> out = new ArrayList<>();
    private QualityStage stage;

    /** A stage for a PM sensor (interval 1m) with {@code pmExtra} and a humidity probe (interval 10s). */
    private void station(String pmExtra) throws ConfigException {
        GatewayConfig config = new GatewayConfigLoader(DriverRegistry.load()).parse("gw.yaml", """
                gateway: {id: gw-1}
                mqtt: {url: "tcp://broker:1883"}
                sensors:
                  - id: pm
                    model: pms5003
                    port: /dev/ttyUSB0
                    interval: 1m
                %s
                  - id: rh
                    model: modbus
                    port: /dev/ttyUSB1
                    interval: 10s
                    address: 1
                    registers:
                      - {register: 0, scale: 0.01, quantity: humidity}
                """.formatted(pmExtra.indent(4).stripTrailing()));
        stage = new QualityStage(config.sensors(), out::add);
    }

    /** One sample of {@code sensor} at {@code ms} after T0 (both clocks), values alternating quantity and value. */
    private List<Reading> poll(String sensor, long ms, boolean warmingUp, Object... quantitiesAndValues) {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < quantitiesAndValues.length; i += 2) {
            readings.add(new Reading(sensor, (Quantity) quantitiesAndValues[i],
                    ((Number) quantitiesAndValues[i + 1]).doubleValue(), T0 + ms));
        }
        int before = out.size();
        stage.accept(new Sample(sensor, readings, 1_000_000 + ms, true, warmingUp));
        List<Reading> checked = out.subList(before, out.size()).stream().map(TakenReading::reading).toList();
        assertEquals(readings.size(), checked.size(), "every reading goes on");
        for (int i = 0; i < readings.size(); i++) {
            assertEquals(readings.get(i).quantity(), checked.get(i).quantity(), "in the order of the sample");
            assertEquals(readings.get(i).timeMillis(), checked.get(i).timeMillis());
        }
        return checked;
    }

    private Reading pm25(long ms, double value) {
        return poll("pm", ms, false, Quantity.PM2_5, value).get(0);
    }

    private static Quality quality(QcFlag flag, QcTest... tests) {
        return new Quality(flag, tests.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(tests)), Double.NaN);
    }

    private static final long MINUTE = 60_000;

    @Test
    void grossRangeFailsOutsideTheSensorsRangeAndIsSuspectOutsideTheUsersEdgesIncluded() throws Exception {
        station("qc: {pm2_5: {user-range: [5, 250], flat-line: off, spike: off, rate-of-change: off}}");
        assertEquals(Quality.GOOD, pm25(0, 5).quality());
        assertEquals(Quality.GOOD, pm25(MINUTE, 250).quality());
        assertEquals(quality(QcFlag.SUSPECT, QcTest.GROSS_RANGE), pm25(2 * MINUTE, 251).quality());
        assertEquals(quality(QcFlag.SUSPECT, QcTest.GROSS_RANGE), pm25(3 * MINUTE, 4).quality());
        assertEquals(quality(QcFlag.SUSPECT, QcTest.GROSS_RANGE), pm25(4 * MINUTE, 1000).quality());
    }

    @Test
    void grossRangeJudgesTheCalibratedValue() throws Exception {
        station("""
                qc: {pm2_5: {flat-line: off, spike: off, rate-of-change: off}}
                calibration: {pm2_5: {slope: 2}}
                """);
        Reading edge = pm25(0, 500);
        assertEquals(1000, edge.value());
        assertEquals(new Quality(QcFlag.PASS, Set.of(), 500), edge.quality());
        Reading out = pm25(MINUTE, 501);
        assertEquals(1002, out.value(), "a calibration that pushes a value out of range is flagged, not hidden");
        assertEquals(new Quality(QcFlag.FAIL, Set.of(QcTest.GROSS_RANGE), 501), out.quality());
    }

    @Test
    void aCalibrationBeyondAnyNumberSendsTheValueAsReadFailed() throws Exception {
        station("""
                qc: {pm2_5: {flat-line: off, spike: off, rate-of-change: off}}
                calibration: {pm2_5: {slope: 1e308}}
                """);
        Reading overflow = pm25(0, 10);
        assertEquals(10, overflow.value());
        assertEquals(quality(QcFlag.FAIL, QcTest.GROSS_RANGE), overflow.quality());
    }

    @Test
    void aNarrowerGrossRangeFailsWithinTheSensorsRange() throws Exception {
        station("qc: {pm2_5: {gross-range: [0, 300], spike: off, rate-of-change: off}}");
        assertEquals(Quality.GOOD, pm25(0, 300).quality());
        assertEquals(quality(QcFlag.FAIL, QcTest.GROSS_RANGE), pm25(MINUTE, 301).quality());
    }

    @Test
    void flatLineIsSuspectAfterItsDurationAndFailsAfterTheLongerOne() throws Exception {
        station("qc: {pm2_5: {spike: off, rate-of-change: off}}");
        assertEquals(Quality.GOOD, pm25(0, 12).quality());
        for (long minute = 1; minute <= 30; minute++) {
            assertEquals(Quality.GOOD, pm25(minute * MINUTE, 12).quality(), "minute " + minute);
        }
        assertEquals(quality(QcFlag.SUSPECT, QcTest.FLAT_LINE), pm25(30 * MINUTE + 1, 12).quality());
        assertEquals(quality(QcFlag.SUSPECT, QcTest.FLAT_LINE), pm25(120 * MINUTE, 12).quality());
        assertEquals(quality(QcFlag.FAIL, QcTest.FLAT_LINE), pm25(120 * MINUTE + 1, 12).quality());
        assertEquals(Quality.GOOD, pm25(121 * MINUTE, 13).quality(), "a new value starts a new run");
        assertEquals(Quality.GOOD, pm25(151 * MINUTE, 13).quality());
        assertEquals(quality(QcFlag.SUSPECT, QcTest.FLAT_LINE), pm25(151 * MINUTE + 1, 13).quality());
    }

    @Test
    void flatLineToleranceIsMeasuredFromTheFirstValueOfTheRun() throws Exception {
        station("qc: {pm2_5: {flat-line: {tolerance: 0.3, suspect-after: 2m, fail-after: 5m}, spike: off, rate-of-change: off}}");
        pm25(0, 0.1);
        pm25(MINUTE, 0.4);
        assertEquals(quality(QcFlag.SUSPECT, QcTest.FLAT_LINE), pm25(3 * MINUTE, 0.2).quality(),
                "0.4 - 0.1 is exactly the tolerance, not 0.30000000000000004");
        assertEquals(Quality.GOOD, pm25(4 * MINUTE, 0.5).quality(), "0.4 from the run's first value");
    }

    @Test
    void spikeJudgesTheNewestReadingAgainstTheSpanOfItsTwoPredecessors() throws Exception {
        station("qc: {pm2_5: {spike: {suspect: 10, fail: 20}, flat-line: off, rate-of-change: off}}");
        assertEquals(Quality.GOOD, pm25(0, 100).quality(), "no predecessors: not judged");
        assertEquals(Quality.GOOD, pm25(MINUTE, 102).quality(), "one predecessor: not judged");
        assertEquals(Quality.GOOD, pm25(2 * MINUTE, 112).quality(), "10 above the span 100..102: at the threshold");
        assertEquals(quality(QcFlag.SUSPECT, QcTest.SPIKE), pm25(3 * MINUTE, 122.1).quality(), "10.1 above 102..112");
        assertEquals(Quality.GOOD, pm25(4 * MINUTE, 132.1).quality(), "10 above 112..122.1: a real rise passes again");
        assertEquals(Quality.GOOD, pm25(5 * MINUTE, 125).quality(), "within 122.1..132.1");
    }

    @Test
    void spikeFailsBeyondItsFailThreshold() throws Exception {
        station("qc: {pm2_5: {spike: {suspect: 10, fail: 20}, flat-line: off, rate-of-change: off}}");
        pm25(0, 100);
        pm25(MINUTE, 100);
        assertEquals(quality(QcFlag.SUSPECT, QcTest.SPIKE), pm25(2 * MINUTE, 120).quality(), "20 above: suspect");
        assertEquals(quality(QcFlag.FAIL, QcTest.SPIKE), pm25(3 * MINUTE, 79.9).quality(), "20.1 below 100..120: fail");
    }

    @Test
    void spikeStartsAfreshAfterAGapOfMoreThanThreeIntervals() throws Exception {
        station("qc: {pm2_5: {spike: {suspect: 10, fail: 20}, flat-line: off, rate-of-change: off}}");
        pm25(0, 100);
        pm25(MINUTE, 100);
        assertEquals(Quality.GOOD, pm25(4 * MINUTE + 1, 200).quality());
        assertEquals(Quality.GOOD, pm25(5 * MINUTE, 100).quality(), "one predecessor since the gap");
        assertEquals(quality(QcFlag.FAIL, QcTest.SPIKE), pm25(6 * MINUTE, 300).quality());
    }

    @Test
    void rateOfChangeIsSuspectAboveItsRateOverTheTimeBetweenReadingsButAtLeastAMinute() throws Exception {
        station("qc: {pm2_5: {rate-of-change: {suspect-per-minute: 6}, flat-line: off, spike: off}}");
        assertEquals(Quality.GOOD, pm25(0, 10).quality());
        assertEquals(Quality.GOOD, pm25(2 * MINUTE, 22).quality(), "12 in 2 minutes is 6 per minute");
        assertEquals(quality(QcFlag.SUSPECT, QcTest.RATE_OF_CHANGE), pm25(4 * MINUTE, 34.1).quality());
        assertEquals(Quality.GOOD, pm25(4 * MINUTE + 1_000, 40).quality(), "6 in 1 s counts as 6 in a minute");
        assertEquals(quality(QcFlag.SUSPECT, QcTest.RATE_OF_CHANGE), pm25(4 * MINUTE + 2_000, 46.1).quality(),
                "a step above the rate for a minute, however short the interval");
    }

    @Test
    void warmUpReadingsAreSentNotEvaluatedAndDoNotFeedTheHistory() throws Exception {
        station("qc: {pm2_5: {spike: {suspect: 10, fail: 20}, flat-line: {suspect-after: 1m, fail-after: 2m}}}");
        for (long minute = 0; minute < 5; minute++) {
            Reading warm = poll("pm", minute * MINUTE, true, Quantity.PM2_5, 7).get(0);
            assertEquals(7, warm.value());
            assertEquals(quality(QcFlag.NOT_EVALUATED, QcTest.WARM_UP), warm.quality());
        }
        assertEquals(Quality.GOOD, pm25(5 * MINUTE, 500).quality(), "no spike against the warm-up values");
        assertEquals(Quality.GOOD, pm25(6 * MINUTE, 500).quality(), "no flat line counted from the warm-up");
        assertEquals(quality(QcFlag.FAIL, QcTest.GROSS_RANGE, QcTest.WARM_UP),
                poll("pm", 7 * MINUTE, true, Quantity.PM2_5, 1001).get(0).quality(), "the gross range still judges");
    }

    @Test
    void calibrationWithAHumidityTermOfAnotherSensorKeepsTheRawValue() throws Exception {
        station("""
                qc: {pm2_5: {flat-line: off, spike: off, rate-of-change: off}}
                calibration:
                  pm2_5: {slope: 0.524, offset: 5.75, terms: {rh/humidity: -0.0862}}
                """);
        poll("rh", 0, false, Quantity.HUMIDITY, 80.0);
        Reading pm = pm25(1_000, 30);
        assertEquals(14.6, pm.value(), "0.524 x 30 + 5.75 - 0.0862 x 80 = 14.574, at 0.1");
        assertEquals(new Quality(QcFlag.PASS, Set.of(), 30), pm.quality());
    }

    @Test
    void aCalibrationWhoseTermIsMissingOrTooOldSendsTheValueUncalibratedAndSuspect() throws Exception {
        station("""
                qc: {pm2_5: {flat-line: off, spike: off, rate-of-change: off}}
                calibration: {pm2_5: {offset: 1, terms: {rh/humidity: 0.1}}}
                """);
        Reading none = pm25(0, 30);
        assertEquals(30, none.value());
        assertEquals(quality(QcFlag.SUSPECT, QcTest.CALIBRATION_AGE), none.quality());
        poll("rh", 0, false, Quantity.HUMIDITY, 50.0);
        Reading inTime = pm25(30_000, 30);
        assertEquals(36, inTime.value(), "the humidity is 3 intervals old: still in use");
        assertEquals(new Quality(QcFlag.PASS, Set.of(), 30), inTime.quality());
        Reading late = pm25(30_001, 30);
        assertEquals(30, late.value());
        assertEquals(quality(QcFlag.SUSPECT, QcTest.CALIBRATION_AGE), late.quality());
    }

    @Test
    void aTermOnAnotherQuantityOfTheSameSensorUsesThisPollsValue() throws Exception {
        station("""
                qc: {pm2_5: {flat-line: off, spike: off, rate-of-change: off}}
                calibration: {pm2_5: {slope: 0, terms: {pm/pm10: 0.5}}}
                """);
        List<Reading> first = poll("pm", 0, false, Quantity.PM2_5, 11, Quantity.PM10, 20);
        assertEquals(10, first.get(0).value());
        assertEquals(new Quality(QcFlag.PASS, Set.of(), 11), first.get(0).quality());
        assertEquals(Quality.GOOD, first.get(1).quality());
        List<Reading> second = poll("pm", MINUTE, false, Quantity.PM2_5, 11, Quantity.PM10, 40);
        assertEquals(20, second.get(0).value());
    }

    @Test
    void aCalibrationPastItsMaxAgeAtTheReadingsTimeIsSuspect() throws Exception {
        station("""
                qc: {pm2_5: {flat-line: off, spike: off, rate-of-change: off}}
                calibration: {pm2_5: {offset: 0.5, date: 2026-11-01, max-age: 30d, reference: "BAM-1020"}}
                """);
        Reading edge = pm25(0, 10);
        assertEquals(10.5, edge.value());
        assertEquals(new Quality(QcFlag.PASS, Set.of(), 10), edge.quality(), "exactly 30 days old");
        Reading old = pm25(1, 10);
        assertEquals(10.5, old.value(), "an old calibration is still applied");
        assertEquals(new Quality(QcFlag.SUSPECT, Set.of(QcTest.CALIBRATION_AGE), 10), old.quality());
    }

    @Test
    void theFlagIsTheWorstAndEveryFlaggingTestIsNamed() throws Exception {
        station("qc: {pm2_5: {user-range: [0, 50], spike: {suspect: 10, fail: 20}, rate-of-change: {suspect-per-minute: 1}}}");
        pm25(0, 10);
        pm25(MINUTE, 10);
        assertEquals(quality(QcFlag.FAIL, QcTest.GROSS_RANGE, QcTest.SPIKE, QcTest.RATE_OF_CHANGE),
                pm25(2 * MINUTE, 60).quality());
    }

    @Test
    void calibratedValuesAreRoundedOneDigitFinerThanTheSensorResolves() {
        assertEquals(Resolution.of("0.1"), QualityStage.calibratedResolution(Resolution.of("1")));
        assertEquals(Resolution.of("0.001"), QualityStage.calibratedResolution(Resolution.of("0.01")));
        assertEquals(Resolution.of("0.00001"), QualityStage.calibratedResolution(Resolution.of("0.0625")));
        assertEquals(Resolution.of("0.1"), QualityStage.calibratedResolution(Resolution.of("10")));
    }

    @Test
    void everyQuantityHasDefaults() {
        for (Quantity quantity : Quantity.values()) {
            assertTrue(QcDefaults.of(quantity) != null, quantity.id());
        }
    }

    @Test
    void theDefaultPmFlatLineIsThirtyMinutesSuspectAndTwoHoursFail() {
        assertEquals(Duration.ofMinutes(30), QcDefaults.of(Quantity.PM2_5).flatLine().orElseThrow().suspectAfter());
        assertEquals(Duration.ofHours(2), QcDefaults.of(Quantity.PM2_5).flatLine().orElseThrow().failAfter());
        assertTrue(QcDefaults.of(Quantity.RAINFALL).flatLine().isEmpty());
        assertTrue(QcDefaults.of(Quantity.FLOW).flatLine().isEmpty());
    }
}
