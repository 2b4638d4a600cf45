package org.envgate.link;

import java.io.IOException;
import java.util.Objects;

/** Opens the link a port string names: {@code tcp://host:port}, or else a serial device path. */
public final class Links {

    private Links() {
    }

    /**
     * Opens {@code port}: {@code tcp://host:port} connects to a serial device server (the settings
     * are ignored: the server has its own); anything else is a serial device path such as
     * {@code /dev/ttyAMA0}, {@code /dev/ttyUSB0}, a udev symlink or a pseudo-terminal.
     *
     * @throws IllegalArgumentException when a {@code tcp:} port is not {@code tcp://host:port}
     * @throws PortNotFoundException     no such device, not a serial device, or nothing answers at the address
     * @throws PortAccessDeniedException the user may not open the device
     * @throws PortBusyException         another process holds the device
     */
    public static Link open(String port, SerialSettings settings) throws IOException {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(settings, "settings");
        if (port.regionMatches(true, 0, "tcp:", 0, 4)) {
            return TcpLink.open(port);
        }
        return SerialLink.open(port, settings);
    }
}
