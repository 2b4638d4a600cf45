package org.envgate.simulator;

/**
 * A virtual sensor that speaks its model's protocol byte for byte. It has no clock and no thread
 * of its own: the caller passes the time with every call, so a test can drive it step by step
 * and a {@link TwinServer} drives it with the real clock.
 */
public interface SensorTwin {

    /** The model it imitates, as in a gateway config's {@code model:}. */
    String model();

    /** Takes bytes the gateway wrote (commands), at simulated time {@code nowMillis}. */
    void receive(byte[] bytes, int offset, int length, long nowMillis);

    /**
     * The bytes the sensor sends up to {@code nowMillis}: answers to commands and frames that fell
     * due since the last call, in order. Empty when there are none.
     */
    byte[] poll(long nowMillis);

    /** Hears about every sample the twin sent as a valid frame; called from the driving thread. */
    void addListener(SampleListener listener);

    /**
     * Called by the driving thread before each exchange, even while the twin is silent or
     * unplugged: a scenario switches its scheduled faults here.
     */
    default void advance(long nowMillis) {
    }

    /** The faults switched on for this twin now. */
    TwinFaults faults();
}
