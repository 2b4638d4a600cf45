package org.envgate.drivers;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.envgate.link.I2cDevice;
import org.envgate.link.I2cPort;

/**
 * A sensor at one I2C address: opening takes the address in the Pi4J platform of the config and
 * lets the model ready its chip; a read that gets no valid answer is a {@link SensorTimeoutException}
 * naming the sensor and the port.
 */
public abstract class I2cSensorDriver implements SensorDriver {

    private final SensorSpec spec;
    private final I2cPort port;
    private I2cDevice device;

    protected I2cSensorDriver(SensorSpec spec) {
        this.spec = spec;
        this.port = I2cPort.parse(spec.port());
    }

    @Override
    public final void open(DriverContext context) throws IOException {
        close();
        I2cDevice opened = I2cDevice.open(context.gpio(), port);
        try {
            prepare(opened);
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        device = opened;
    }

    /** Readies the chip just opened (identity, reset, calibration); whether it answers may also show at the first read. */
    protected abstract void prepare(I2cDevice chip) throws IOException;

    /** The open device. */
    protected final I2cDevice device() throws IOException {
        if (device == null) {
            throw new IOException(where() + ": not open");
        }
        return device;
    }

    @Override
    public void close() {
        if (device != null) {
            device.close();
            device = null;
        }
    }

    /** {@code sensor air on i2c:1:0x76}, for messages. */
    protected final String where() {
        return "sensor " + spec.id() + " on " + port;
    }

    /** Waits while the chip converts or resets. */
    protected static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the sensor");
        }
    }

    /** A read that gave no valid value; the poller counts these before it calls the sensor silent. */
    protected static SensorTimeoutException timeout(String message, IOException cause) {
        SensorTimeoutException e = new SensorTimeoutException(message);
        e.initCause(cause);
        return e;
    }
}
