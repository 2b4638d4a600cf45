package org.envgate.gateway.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.envgate.gateway.alert.AlertRule.Direction;
import org.envgate.gateway.alert.AlertRule.Measure;
import org.envgate.wire.AlertEvent;
import org.envgate.wire.AlertEvent.Severity;
import org.envgate.wire.QcFlag;
import org.junit.jupiter.api.Test;

class AlertEngineTest {

    private static final long T0 = 1_795_877_400_000L;
    private static final String LEVEL = "level/water_level";

    private final List<AlertEvent> events = new ArrayList<>();

    private static AlertRule flood(Duration holdFor, Duration clearFor) {
        return new AlertRule("flood", LEVEL, Direction.ABOVE, 2.5, holdFor, 2.3, clearFor, Severity.CRITICAL,
                Optional.empty(), 1);
    }

    private AlertEngine engine(AlertRule rule) {
        return new AlertEngine(List.of(rule), Map.of(), events::add);
    }

    private static void feed(AlertEngine engine, long second, double value) {
        engine.observe(LEVEL, value, QcFlag.PASS, second * 1000, T0 + second * 1000);
    }

    @Test
    void aValueAroundTheThresholdForAnHourRaisesOnceAndClearsOnce() {
        AlertEngine engine = engine(flood(Duration.ofMinutes(2), Duration.ofMinutes(10)));
        // Every 10 s for an hour: 15 min calm, then 30 min wobbling across 2.5 (never back under
        // 2.3), then 15 min down at 2.0.
        for (long second = 0; second < 3600; second += 10) {
            double value;
            if (second < 900) {
                value = 2.0;
            } else if (second < 2700) {
                value = 2.5 + 0.1 * Math.sin(second / 40.0);
            } else {
                value = 2.0;
            }
            feed(engine, second, value);
        }
        assertEquals(2, events.size(), events.toString());
        AlertEvent raise = events.get(0);
        AlertEvent clear = events.get(1);
        assertTrue(raise.raised());
        assertEquals(2.5, raise.threshold());
        assertTrue(raise.value() > 2.5);
        assertEquals("flood", raise.rule());
        assertEquals(Severity.CRITICAL, raise.severity());
        assertEquals(LEVEL, raise.source());
        assertFalse(clear.raised());
        assertEquals(2.3, clear.threshold());
        assertEquals(T0 + (2700 + 600) * 1000L, clear.timeMillis());
    }

    @Test
    void raisesOnlyAfterHoldingForTheWholeDuration() {
        AlertEngine engine = engine(flood(Duration.ofMinutes(2), Duration.ZERO));
        feed(engine, 0, 2.6);
        feed(engine, 60, 2.7);
        feed(engine, 90, 2.4);
        feed(engine, 100, 2.6);
        feed(engine, 200, 2.6);
        assertEquals(List.of(), events);
        feed(engine, 220, 2.6);
        assertEquals(1, events.size());
        assertEquals(T0 + 220_000, events.get(0).timeMillis());
        assertTrue(engine.isRaised("flood"));
    }

    @Test
    void aValueBetweenClearAndThresholdKeepsTheAlertRaised() {
        AlertEngine engine = engine(flood(Duration.ZERO, Duration.ZERO));
        feed(engine, 0, 2.6);
        feed(engine, 10, 2.4);
        feed(engine, 20, 2.3);
        assertEquals(1, events.size());
        feed(engine, 30, 2.29);
        assertEquals(2, events.size());
        assertFalse(events.get(1).raised());
    }

    @Test
    void belowRulesMirrorAboveRules() {
        AlertRule phLow = new AlertRule("ph-low", "sonde/ph", Direction.BELOW, 6.0, Duration.ZERO, 6.2,
                Duration.ZERO, Severity.WARNING, Optional.empty(), 1);
        AlertEngine engine = new AlertEngine(List.of(phLow), Map.of(), events::add);
        engine.observe("sonde/ph", 6.0, QcFlag.PASS, 0, T0);
        engine.observe("sonde/ph", 5.9, QcFlag.PASS, 1, T0);
        engine.observe("sonde/ph", 6.1, QcFlag.PASS, 2, T0);
        engine.observe("sonde/ph", 6.3, QcFlag.PASS, 3, T0);
        engine.observe("level/water_level", 1.0, QcFlag.PASS, 4, T0);
        assertEquals(List.of(true, false), events.stream().map(AlertEvent::raised).toList());
    }

    @Test
    void onlyReadingsThatPassedQualityControlCount() {
        AlertEngine engine = engine(flood(Duration.ofMinutes(1), Duration.ZERO));
        for (QcFlag flag : List.of(QcFlag.NOT_EVALUATED, QcFlag.SUSPECT, QcFlag.FAIL)) {
            engine.observe(LEVEL, 9.9, flag, 0, T0);
            engine.observe(LEVEL, 9.9, flag, 120_000, T0 + 120_000);
        }
        assertEquals(List.of(), events);
        feed(engine, 0, 2.6);
        engine.observe(LEVEL, 0.0, QcFlag.FAIL, 30_000, T0 + 30_000);
        feed(engine, 60, 2.6);
        assertEquals(1, events.size(), "a failed reading in the run neither breaks nor ends it");
    }

    @Test
    void aRuleRaisedBeforeARestartStaysRaised() {
        AlertEngine engine = new AlertEngine(List.of(flood(Duration.ZERO, Duration.ZERO)), Map.of("flood", true),
                events::add);
        feed(engine, 0, 2.7);
        assertEquals(List.of(), events);
        feed(engine, 10, 2.0);
        assertEquals(1, events.size());
        assertFalse(events.get(0).raised());
    }

    /** Water rising faster than 5 cm a minute for 2 minutes; cleared under 1 cm a minute for 5. */
    private static AlertRule rising(Duration holdFor) {
        return new AlertRule("rising", LEVEL, Direction.ABOVE, 0.05, holdFor, 0.01, Duration.ofMinutes(5),
                Severity.WARNING, Optional.empty(), 1, Measure.RATE);
    }

    @Test
    void aSteadyRiseRaisesARateRuleOnceAndThePlateauAfterItClearsItOnce() {
        AlertEngine engine = engine(rising(Duration.ofMinutes(2)));
        // Every 10 s: 10 min at 1.0 m, a rise of 8 cm a minute for 20 min, then 30 min at the top.
        for (long second = 0; second <= 3600; second += 10) {
            double level = 1.0 + 0.08 * Math.min(Math.max(second - 600, 0), 1200) / 60.0;
            feed(engine, second, level);
        }
        assertEquals(2, events.size(), events.toString());
        AlertEvent raise = events.get(0);
        assertTrue(raise.raised());
        // The rise started at 600 s; compared with the reading a minute before, the rate first
        // passes 0.05 per minute at 640 s (4/6 of 0.08), and has held 2 minutes at 760 s.
        assertEquals(T0 + 760_000, raise.timeMillis());
        assertEquals(0.08, raise.value(), 1e-9, "the event's value is the rate per minute");
        assertEquals(0.05, raise.threshold());
        AlertEvent clear = events.get(1);
        assertFalse(clear.raised());
        // The top is reached at 1800 s; a minute later the rate is 0, under 0.01, for 5 minutes at 2160 s.
        assertEquals(T0 + 2160_000, clear.timeMillis());
        assertEquals(0, clear.value(), 1e-9);
        assertEquals(0.01, clear.threshold());
    }

    @Test
    void noiseOfASensorReadEverySecondIsNoRate() {
        AlertEngine engine = engine(rising(Duration.ZERO));
        java.util.Random noise = new java.util.Random(7);
        // 1 cm of noise: from one reading to the next that is up to 1.2 m a minute, over a minute at most 2 cm.
        for (long second = 0; second < 7200; second++) {
            feed(engine, second, 2.0 + (noise.nextDouble() - 0.5) * 0.02);
        }
        assertEquals(List.of(), events);
    }

    @Test
    void aRateNeedsAReadingAMinuteOlderAndOnlyPassedReadingsCount() {
        AlertEngine engine = engine(rising(Duration.ZERO));
        feed(engine, 0, 1.0);
        feed(engine, 10, 1.5);
        feed(engine, 50, 1.5);
        assertEquals(List.of(), events, "no reading a minute older yet");
        engine.observe(LEVEL, 9.0, QcFlag.FAIL, 70_000, T0 + 70_000);
        feed(engine, 80, 1.5);
        assertEquals(List.of(), events, "80 s against 10 s: no change; the failed reading is not compared");
        feed(engine, 130, 1.6);
        assertEquals(1, events.size(), "130 s against 50 s: 0.1 m in 80 s");
        assertEquals(0.075, events.get(0).value(), 1e-9);
    }

    @Test
    void aRateBelowRuleRaisesOnAFastFall() {
        AlertRule draining = new AlertRule("draining", LEVEL, Direction.BELOW, -0.05, Duration.ZERO, -0.01,
                Duration.ZERO, Severity.INFO, Optional.empty(), 1, Measure.RATE);
        AlertEngine engine = new AlertEngine(List.of(draining), Map.of(), events::add);
        feed(engine, 0, 3.0);
        feed(engine, 60, 2.9);
        feed(engine, 120, 2.9);
        assertEquals(List.of(true, false), events.stream().map(AlertEvent::raised).toList());
        assertEquals(-0.1, events.get(0).value(), 1e-9);
    }
}
