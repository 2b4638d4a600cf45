package org.envgate.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

/** Rain and flow events as pulses, driven by a clock of the test's own. */
class ScenarioPulsesTest {

    private static final long START = 1_700_000_000_000L;

    private static Scenario load(String sensors) throws Exception {
        return ScenarioLoader.inProcess().parse("pulses.yaml", """
                scenario: pulses
                seed: 3
                time-factor: 60
                gateway: {id: sim-pulses}
                sensors:
                """ + sensors);
    }

    /** Drives the twins for {@code realMillis} in 5 ms steps, as the GPIO thread does; returns what they sent. */
    private static List<SentReading> drive(Scenario scenario, long realMillis, List<Double> pulseTimes) {
        ScenarioClock clock = new ScenarioClock(START, scenario.timeFactor());
        List<SentReading> sent = new ArrayList<>();
        List<ScenarioPulses.PulseSensor> pulses = ScenarioPulses.build(scenario, clock, sent::add);
        for (long now = START; now <= START + realMillis; now += 5) {
            for (ScenarioPulses.PulseSensor pulse : pulses) {
                pulse.twin().advance(now, pulseTimes::add);
            }
        }
        return sent;
    }

    @Test
    void aStormTipsItsRainWithinOneTipAndOnlyWhileItRains() throws Exception {
        Scenario scenario = load("""
                  - id: rain
                    model: rain-gauge
                    port: gpio:17
                    options: {mm-per-tip: 0.2794}
                    events:
                      - {at: 1h, for: 30m, kind: rain, mm-per-hour: 12}
                """);

        List<Double> tips = new ArrayList<>();
        List<SentReading> sent = drive(scenario, 3 * 60_000, tips);

        double rain = sent.stream().mapToDouble(SentReading::value).sum();
        assertEquals(6.0, rain, 0.2794, "12 mm/h for half an hour");
        assertEquals(sent.size(), tips.size(), "every tip is a pulse on the line");
        for (SentReading tip : sent) {
            assertEquals(Quantity.RAINFALL, tip.quantity());
            assertTrue(tip.simMillis() >= 3_600_000 && tip.simMillis() < 5_400_000, "a tip outside the storm: " + tip);
        }
        assertTrue(tips.get(tips.size() - 1) - tips.get(0) <= 30_000, "30 simulated minutes at time-factor 60 last 30 s");
    }

    @Test
    void theSameScenarioTipsAtTheSameTimes() throws Exception {
        String sensors = """
                  - id: rain
                    model: rain-gauge
                    port: gpio:5
                    events:
                      - {at: 10m, for: 20m, kind: rain, mm-per-hour: 9}
                      - {at: 20m, for: 5m, kind: rain, mm-per-hour: 3}
                """;
        List<Double> first = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        drive(load(sensors), 60_000, first);
        drive(load(sensors), 60_000, second);

        assertEquals(first, second);
        assertEquals((9 * 20 + 3 * 5) / 60.0, first.size() * 0.2794, 0.2794, "overlapping storms add up");
    }

    @Test
    void flowPulsesAtItsRealRateWhileItFlows() throws Exception {
        Scenario scenario = load("""
                  - id: inflow
                    model: flow-meter
                    port: gpio:27
                    options: {pulses-per-litre: 450}
                    events:
                      - {at: 5m, for: 10m, kind: flow, litres-per-minute: 8}
                """);

        List<Double> pulses = new ArrayList<>();
        List<SentReading> sent = drive(scenario, 20_000, pulses);

        // 10 simulated minutes last 10 real seconds; at 8 l/min that is 8 / 6 litres of 450 pulses.
        assertEquals(8.0 / 6 * 450, pulses.size(), 2);
        assertTrue(sent.stream().allMatch(pulse -> pulse.value() == 8 && pulse.quantity() == Quantity.FLOW));
        assertTrue(sent.stream().allMatch(pulse -> pulse.simMillis() >= 300_000 && pulse.simMillis() < 900_000));
    }
}
