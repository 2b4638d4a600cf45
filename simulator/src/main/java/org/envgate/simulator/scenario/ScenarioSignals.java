package org.envgate.simulator.scenario;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import org.envgate.simulator.Signals;
import org.envgate.wire.Quantity;

/**
 * The values one sensor's scenario dictates: each named quantity's signal plus its events. The
 * noise of each quantity has its own seeded generator, so one value's draws never shift another's.
 */
final class ScenarioSignals implements Signals {

    /** How much of the last noise value each new one keeps: noise wanders rather than jumps. */
    private static final double MEMORY = 0.9;

    private final ScenarioClock clock;
    private final double startHour;
    private final Map<Quantity, SignalSpec> signals;
    private final List<ScenarioEvent> events;
    private final Map<Quantity, Random> dice = new EnumMap<>(Quantity.class);
    private final Map<Quantity, Double> wander = new EnumMap<>(Quantity.class);
    private final Set<ScenarioEvent> spikesSent = new HashSet<>();

    ScenarioSignals(ScenarioSensor sensor, long seed, ScenarioClock clock, double startHour) {
        this.clock = clock;
        this.startHour = startHour;
        this.signals = sensor.signals();
        this.events = sensor.events();
        for (Quantity quantity : signals.keySet()) {
            dice.put(quantity, new Random(seed * 1_000_003L + quantity.ordinal()));
            wander.put(quantity, 0.0);
        }
    }

    @Override
    public synchronized OptionalDouble value(Quantity quantity, long timeMillis) {
        SignalSpec signal = signals.get(quantity);
        if (signal == null) {
            return OptionalDouble.empty();
        }
        double w = MEMORY * wander.get(quantity) + Math.sqrt(1 - MEMORY * MEMORY) * dice.get(quantity).nextGaussian();
        wander.put(quantity, w);
        long sim = clock.simMillis(timeMillis);
        double value = signal.smooth(startHour, sim) + signal.noise() * w;
        for (ScenarioEvent event : events) {
            if (event.quantity() != quantity) {
                continue;
            }
            if (event.kind() == ScenarioEvent.Kind.SPIKE) {
                value += sim >= event.at().toMillis() && spikesSent.add(event) ? event.add() : 0;
            } else {
                value += event.added(sim);
            }
        }
        return OptionalDouble.of(value);
    }
}
