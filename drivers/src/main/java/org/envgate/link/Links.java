package org.envgate.link;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Opens the link a port string names: {@code tcp://host:port}, {@code modbus-tcp://host:port}, or else a serial device path. */
public final class Links {

    /** The scheme of a Modbus TCP device: a TCP stream the Modbus driver frames with MBAP headers. */
    public static final String MODBUS_TCP = "modbus-tcp:";

    private Links() {
    }

    /**
     * Refuses a serial device that another program holds, by its lock file or a flock, as the
     * gateway does before it starts; a port that is no device here ({@code tcp://}, {@code gpio:},
     * a missing one) passes, for its sensor's own fault to say.
     *
     * @throws PortBusyException naming the program and its pid
     */
    public static void ensureNotHeld(String port) throws PortBusyException {
        if (port.startsWith("/") && Files.exists(Path.of(port))) {
            PortLock.take(port, PortLock.LOCK_DIR).close();
        }
    }

    /**
     * Opens {@code port}: {@code tcp://host:port} connects to a serial device server (the settings
     * are ignored: the server has its own), {@code modbus-tcp://host:port} to a Modbus TCP device; anything else is a serial device path such as
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
        if (port.regionMatches(true, 0, "tcp:", 0, 4) || port.regionMatches(true, 0, MODBUS_TCP, 0, MODBUS_TCP.length())) {
            return TcpLink.open(port);
        }
        return SerialLink.open(port, settings);
    }
}
