package org.envgate.ingest.mqtt;

/** A QoS 1 publish under way: the caller looks in on it rather than waiting for it. */
public interface Publication {

    /** A publish that could not start (not connected, or the client's in-flight window full). */
    Publication NOT_STARTED = new Publication() {
        @Override
        public boolean done() {
            return true;
        }

        @Override
        public boolean delivered() {
            return false;
        }
    };

    /** The broker acknowledged it, or it failed. */
    boolean done();

    /** The broker acknowledged it. */
    boolean delivered();
}
