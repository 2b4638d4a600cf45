package org.envgate.simulator;

import java.time.Duration;

/**
 * How a twin behaves. Same options and same seed give the same bytes for the same calls.
 *
 * @param seed                   seeds the signal's noise and the fault injection
 * @param period                 how often the sensor sends a frame on its own (where it does)
 * @param garbageProbability     chance of a few random bytes before a frame
 * @param badChecksumProbability chance that a frame's checksum is wrong
 * @param tornProbability        chance that a frame is cut off part way
 * @param signals                values a scenario dictates; {@link Signals#NONE} for the twin's own
 */
public record TwinOptions(long seed, Duration period, double garbageProbability,
                          double badChecksumProbability, double tornProbability, Signals signals) {

    public TwinOptions {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        probability("garbage probability", garbageProbability);
        probability("bad-checksum probability", badChecksumProbability);
        probability("torn probability", tornProbability);
        if (signals == null) {
            throw new IllegalArgumentException("signals must be given (Signals.NONE for the twin's own)");
        }
    }

    /** Seed 1, a frame a second, no faults. */
    public static TwinOptions defaults() {
        return new TwinOptions(1, Duration.ofSeconds(1), 0, 0, 0, Signals.NONE);
    }

    public TwinOptions withSeed(long newSeed) {
        return new TwinOptions(newSeed, period, garbageProbability, badChecksumProbability, tornProbability, signals);
    }

    public TwinOptions withPeriod(Duration newPeriod) {
        return new TwinOptions(seed, newPeriod, garbageProbability, badChecksumProbability, tornProbability, signals);
    }

    public TwinOptions withFaults(double garbage, double badChecksum, double torn) {
        return new TwinOptions(seed, period, garbage, badChecksum, torn, signals);
    }

    public TwinOptions withSignals(Signals newSignals) {
        return new TwinOptions(seed, period, garbageProbability, badChecksumProbability, tornProbability, newSignals);
    }

    private static void probability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1: " + value);
        }
    }
}
