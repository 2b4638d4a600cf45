package org.envgate.drivers.pms5003;

/** Model {@code pms7003}: the PMS7003 speaks the PMS5003's 32-byte protocol and commands. */
public final class Pms7003DriverProvider extends Pms5003DriverProvider {

    public Pms7003DriverProvider() {
        super("pms7003");
    }
}
