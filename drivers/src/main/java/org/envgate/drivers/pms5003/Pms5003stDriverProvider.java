package org.envgate.drivers.pms5003;

/**
 * Model {@code pms5003st}: the PMS5003 with a formaldehyde cell and a temperature and humidity
 * sensor, in 40-byte frames (length field 36).
 */
public final class Pms5003stDriverProvider extends Pms5003DriverProvider {

    public Pms5003stDriverProvider() {
        super("pms5003st", Pms5003Layout.PMS5003ST);
    }
}
