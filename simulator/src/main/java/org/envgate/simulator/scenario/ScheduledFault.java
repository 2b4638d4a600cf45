package org.envgate.simulator.scenario;

import java.time.Duration;
import org.envgate.simulator.TwinFaults;

/**
 * A fault switched on for a while.
 *
 * @param kind   which fault
 * @param at     simulated time after the start
 * @param length how long, in simulated time
 * @param delay  for {@link Kind#SLOW}: how late each answer goes out, in real time
 */
public record ScheduledFault(Kind kind, Duration at, Duration length, Duration delay) {

    /** The faults a scenario can schedule, spelled as in the file ({@code bad-checksum}). */
    public enum Kind {
        GARBAGE(TwinFaults.Fault.GARBAGE),
        BAD_CHECKSUM(TwinFaults.Fault.BAD_CHECKSUM),
        TORN(TwinFaults.Fault.TORN),
        SILENCE(TwinFaults.Fault.SILENT),
        UNPLUG(TwinFaults.Fault.UNPLUGGED),
        STUCK(TwinFaults.Fault.STUCK),
        OUT_OF_RANGE(TwinFaults.Fault.OUT_OF_RANGE),
        ERROR_RESPONSE(TwinFaults.Fault.ERROR_RESPONSE),
        /** The gateway's end at 19200 8N1, twice a 9600-baud sensor's rate; applied by the twin's server. */
        WRONG_LINE_SETTINGS(TwinFaults.Fault.WRONG_LINE_SETTINGS),
        /** Answers go out late; applied by the scenario, not switched in the twin. */
        SLOW(null);

        final TwinFaults.Fault fault;

        Kind(TwinFaults.Fault fault) {
            this.fault = fault;
        }
    }

    boolean activeAt(long simMillis) {
        return simMillis >= at.toMillis() && simMillis < at.toMillis() + length.toMillis();
    }
}
