package org.envgate.gateway.clock;

/**
 * The two clocks read at one moment, and whether the wall clock could be trusted then.
 *
 * @param wallMillis epoch milliseconds by the system clock
 * @param monoMillis the {@link MonotonicClock} at the same moment
 */
public record Stamp(long wallMillis, long monoMillis, ClockWatch.State state) {

    public boolean trusted() {
        return state.trusted();
    }
}
