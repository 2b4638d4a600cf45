package org.envgate.drivers;

import java.io.IOException;
import java.util.Optional;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;

/**
 * What the gateway lends a driver while it is open. Ports go through here so that sensors on
 * one bus (several Modbus slaves on one RS-485 adapter) share one link.
 */
public interface DriverContext {

    /** A context that opens a link of its own for every call, for tools and tests. */
    DriverContext DIRECT = Links::open;

    /**
     * Opens the link to {@code port}; closing the returned link releases it. Sensors on the same
     * port may receive the same underlying link; the gateway never runs two of their reads at once.
     */
    Link openSerial(String port, SerialSettings settings) throws IOException;

    /**
     * The newest reading of another sensor on this gateway, e.g. the water temperature an EZO
     * conductivity circuit compensates with. Empty when that sensor has not reported yet.
     */
    default Optional<Reading> latest(String sensorId, Quantity quantity) {
        return Optional.empty();
    }

    /**
     * The Pi4J context of the GPIO platform named in the config ({@code gpio: platform:}), shared by
     * all GPIO sensors; see {@link org.envgate.link.GpioPlatforms}. Drivers create their inputs in
     * it and shut them down on close; the gateway owns the context itself.
     *
     * @throws IOException when the config names no GPIO platform
     */
    default com.pi4j.context.Context gpio() throws IOException {
        throw new IOException("no GPIO platform configured: set gpio.platform in the config");
    }
}
