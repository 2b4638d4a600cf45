package org.envgate.drivers.ds18b20;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.FrameException;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.link.PortLostException;
import org.envgate.link.PortNotFoundException;
import org.envgate.wire.Quantity;

/**
 * Reads a DS18B20 through the Linux w1-therm driver: every read of {@code w1_slave} makes the
 * kernel start a conversion (up to 750 ms at 12 bits) and read the scratchpad back. No serial
 * link is involved; the port is the device's sysfs folder.
 */
public final class Ds18b20Driver implements SensorDriver {

    static final String W1_SLAVE = "w1_slave";

    private final SensorSpec spec;
    private final Path device;
    private boolean open;
    private long good;
    private long checksumErrors;
    private long malformed;

    public Ds18b20Driver(SensorSpec spec) {
        this.spec = spec;
        this.device = Path.of(spec.port());
    }

    public SensorSpec spec() {
        return spec;
    }

    @Override
    public void open(DriverContext context) throws IOException {
        if (!Files.isDirectory(device)) {
            throw new PortNotFoundException(device + ": no such 1-wire device; check dtoverlay=w1-gpio in "
                    + "/boot/firmware/config.txt, the 4.7 kOhm pull-up, and the id in ls /sys/bus/w1/devices");
        }
        open = true;
    }

    @Override
    public List<Measurement> read() throws IOException {
        if (!open) {
            throw new IOException(device + ": not open");
        }
        Path file = device.resolve(W1_SLAVE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            open = false;
            throw new PortLostException(device + ": device gone from the 1-wire bus (unplugged, or it stopped "
                    + "answering the kernel's bus search)", e);
        } catch (IOException e) {
            throw timeout(file + ": read failed: " + e.getMessage(), e);
        }
        try {
            double celsius = W1SlaveDecoder.temperature(text);
            good++;
            return List.of(new Measurement(Quantity.TEMPERATURE, celsius));
        } catch (ChecksumMismatchException e) {
            checksumErrors++;
            throw timeout(file + ": kernel reports a CRC error (" + e.getMessage() + "); noise on a long or "
                    + "star-wired bus, or a weak pull-up", e);
        } catch (FrameException e) {
            malformed++;
            throw timeout(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        open = false;
    }

    @Override
    public FrameCounters counters() {
        return new FrameCounters(good, checksumErrors, malformed);
    }

    /** A read that gave no valid value; the poller counts these before it calls the sensor silent. */
    private static SensorTimeoutException timeout(String message, IOException cause) {
        SensorTimeoutException e = new SensorTimeoutException(message);
        e.initCause(cause);
        return e;
    }
}
