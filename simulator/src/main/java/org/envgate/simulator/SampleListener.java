package org.envgate.simulator;

/** Hears what a twin sent as valid data, so a test can compare it with what the gateway delivered. */
@FunctionalInterface
public interface SampleListener {
    void sent(TwinSample sample);
}
