package org.envgate.drivers.pms5003;

/**
 * Model {@code pms5003t}: the PMS5003 with a temperature and humidity sensor, reported in its
 * 32-byte frame in place of the two largest particle counts.
 */
public final class Pms5003tDriverProvider extends Pms5003DriverProvider {

    public Pms5003tDriverProvider() {
        super("pms5003t", Pms5003Layout.PMS5003T);
    }
}
