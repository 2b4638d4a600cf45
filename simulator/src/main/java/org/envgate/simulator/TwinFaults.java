package org.envgate.simulator;

import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.envgate.link.SerialSettings;

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
        UNPLUGGED,
        /**
         * The gateway's end runs at other line settings (baud rate, parity) than the sensor: each
         * side reads the other's bytes re-framed, as its UART would. Applied by {@link TwinServer}
         * for every twin; switched on with {@link #wrongLineSettings(SerialSettings)}.
         */
        WRONG_LINE_SETTINGS
    }

    private final Set<Fault> active = ConcurrentHashMap.newKeySet();
    private volatile SerialSettings gatewayLineSettings = SerialSettings.DEFAULT_9600_8N1.withBaud(19200);

    /** Switches on {@link Fault#WRONG_LINE_SETTINGS} with the gateway's end at {@code gatewaySide}. */
    public void wrongLineSettings(SerialSettings gatewaySide) {
        gatewayLineSettings = gatewaySide;
        set(Fault.WRONG_LINE_SETTINGS, true);
    }

    /** The line settings of the gateway's end while {@link Fault#WRONG_LINE_SETTINGS} is on (19200 8N1 unless set). */
    public SerialSettings gatewayLineSettings() {
        return gatewayLineSettings;
    }

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
