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
}
