package org.envgate.link;

import java.io.IOException;
import java.util.Objects;

/** Opens the link a port string names: {@code tcp://host:port}, or else a serial device path. */
public final class Links {

    private Links() {
    }

    /**
     * Opens {@code port}, a serial device path such as {@code /dev/ttyAMA0}, {@code /dev/ttyUSB0},
     * a udev symlink or a pseudo-terminal.
     *
     * @throws PortNotFoundException     no such device, or not a serial device
     * @throws PortAccessDeniedException the user may not open the device
     * @throws PortBusyException         another process holds the device
     */
    public static Link open(String port, SerialSettings settings) throws IOException {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(settings, "settings");
        return SerialLink.open(port, settings);
    }
}
