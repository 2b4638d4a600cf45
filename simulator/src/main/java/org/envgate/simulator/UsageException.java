package org.envgate.simulator;

/** A command line the simulator cannot run; the message names the argument at fault. */
public class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
