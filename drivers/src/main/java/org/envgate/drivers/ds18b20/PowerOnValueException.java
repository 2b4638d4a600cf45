package org.envgate.drivers.ds18b20;

import org.envgate.drivers.FrameException;

/**
 * The scratchpad still holds its power-on state (+85.000 Cel, reserved bytes {@code 0C 10}): the
 * sensor lost power or never ran the conversion, typically too weak a pull-up in parasite power.
 */
public class PowerOnValueException extends FrameException {
    public PowerOnValueException() {
        super("85.000 Cel with the power-on scratchpad (50 05 .. .. .. ff 0c 10): the sensor reset or did not "
                + "convert; check its supply (parasite power needs a strong pull-up)");
    }
}
