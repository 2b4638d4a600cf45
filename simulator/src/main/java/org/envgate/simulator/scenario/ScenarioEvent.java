package org.envgate.simulator.scenario;

import java.time.Duration;
import org.envgate.wire.Quantity;

/**
 * Something that happens to one quantity for a while, on top of its signal; for a pulse sensor
 * (which has no signal), the rain or flow that makes its pulses.
 *
 * @param kind     what shape it has
 * @param quantity the quantity it changes
 * @param at       simulated time after the start
 * @param length   how long it lasts (for a rise: the time to its crest; for a drift: how long it walks;
 *                 zero for a spike)
 * @param add      how much it adds at its height; for a drift how much it adds an hour; for rain
 *                 mm/h, for flow l/min
 */
public record ScenarioEvent(Kind kind, Quantity quantity, Duration at, Duration length, double add) {

    public enum Kind {
        /** Rises over the first sixth, holds, and falls over the last sixth: a pollution episode. */
        EPISODE,
        /** Rises steadily to its crest, then falls back as long: a river level after rain upstream. */
        RISE,
        /**
         * One value far off: the first value of the quantity the twin sends at or after the start
         * carries {@code add}, the next is back on the signal. Applied by {@link ScenarioSignals}.
         */
        SPIKE,
        /**
         * Walks steadily away at {@code add} an hour for its length, then stays where it got to, as
         * a probe drifting out of calibration does until someone recalibrates it.
         */
        DRIFT,
        /** Rain at a steady {@code mm-per-hour} on a rain gauge, from its start to its end. */
        RAIN,
        /** Water through a flow meter at a steady {@code litres-per-minute}, from its start to its end. */
        FLOW
    }

    /** What it adds {@code simMillis} after the scenario started. */
    double added(long simMillis) {
        double from = at.toMillis();
        double span = length.toMillis();
        double t = simMillis - from;
        return switch (kind) {
            case EPISODE -> {
                if (t < 0 || t > span) {
                    yield 0;
                }
                double ramp = span / 6;
                yield add * Math.min(1, Math.min(t / ramp, (span - t) / ramp));
            }
            case RISE -> t < 0 || t > 2 * span ? 0 : add * (t <= span ? t / span : (2 * span - t) / span);
            case DRIFT -> t < 0 ? 0 : add * Math.min(t, span) / 3_600_000.0;
            case SPIKE -> 0;
            case RAIN, FLOW -> t >= 0 && t < span ? add : 0;
        };
    }
}
