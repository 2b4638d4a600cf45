package org.envgate.simulator;

import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults a test or a scenario switches on and off while a twin runs, on top of the per-frame
 * probabilities of {@link TwinOptions}. A twin applies those its real sensor can show.
 */
public final class TwinFaults {

    public enum Fault {
        /** Says nothing and hears nothing: unpowered, or its cable cut. Applied by {@link TwinServer} for every twin. */
        SILENT,
        /** Keeps sending its last values, as a sensor whose reading froze. */
        STUCK,
        /** Sends values outside the sensor's measuring range. */
        OUT_OF_RANGE,
        /** Answers with the protocol's error response (EZO {@code *ER}, a Modbus exception). */
        ERROR_RESPONSE,
        /** A few random bytes before every frame, as from a loose connector. */
        GARBAGE,
        /** Every frame with a wrong checksum (where the protocol has one). */
        BAD_CHECKSUM,
        /** Every frame cut off part way. */
        TORN,
        /**
         * The port is gone (a USB adapter pulled out, a device server rebooting) and comes back at
         * the same place when cleared. Applied by {@link TwinServer} for every twin.
         */
        UNPLUGGED
    }

    private final Set<Fault> active = ConcurrentHashMap.newKeySet();

    public void set(Fault fault, boolean on) {
        if (on) {
            active.add(fault);
        } else {
            active.remove(fault);
        }
    }

    public boolean on(Fault fault) {
        return active.contains(fault);
    }

    /**
     * Whether a per-frame fault hits this frame: always while it is switched on, else with
     * {@code probability}. The dice are thrown only when needed, so a run stays repeatable.
     */
    public boolean strikes(Fault fault, double probability, Random dice) {
        return on(fault) || (probability > 0 && dice.nextDouble() < probability);
    }
}
