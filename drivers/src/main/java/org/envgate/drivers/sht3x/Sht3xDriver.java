package org.envgate.drivers.sht3x;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.link.I2cDevice;
import org.envgate.link.I2cNoAnswerException;
import org.envgate.link.I2cPort;

/**
 * Reads a Sensirion SHT3x (SHT30, SHT31, SHT35) over I2C: each read is one single-shot
 * measurement at high repeatability, its six bytes checked word by word against their CRC. A
 * sensor that stops acknowledging, or a CRC mismatch, is answered with a soft reset: the read
 * fails, and the next one finds the sensor in its power-on state.
 */
public final class Sht3xDriver implements SensorDriver {

    /** Datasheet table 4: 15.5 ms at most for high repeatability (SHT3x-DIS). */
    private static final long MEASUREMENT_MILLIS = 16;
    /** A sensor still measuring does not acknowledge its address; it gets this much more once. */
    private static final long LATE_MILLIS = 5;
    /** Datasheet table 4: 1.5 ms at most from a soft reset to idle. */
    private static final long RESET_MILLIS = 2;

    private final SensorSpec spec;
    private final I2cPort port;
    private I2cDevice device;
    private long good;
    private long checksumErrors;
    private long malformed;

    public Sht3xDriver(SensorSpec spec) {
        this.spec = spec;
        this.port = I2cPort.parse(spec.port());
    }

    /** Opens the address; whether the sensor answers shows at the first read. */
    @Override
    public void open(DriverContext context) throws IOException {
        close();
        device = I2cDevice.open(context.gpio(), port);
    }

    @Override
    public List<Measurement> read() throws IOException {
        if (device == null) {
            throw new IOException(where() + ": not open");
        }
        byte[] data;
        try {
            device.write(Sht3xCommands.bytes(Sht3xCommands.MEASURE_HIGH));
            pause(MEASUREMENT_MILLIS);
            data = readMeasurement();
        } catch (I2cNoAnswerException e) {
            softReset();
            throw timeout(where() + ": no answer (" + e.getMessage() + "); soft reset sent", e);
        }
        try {
            List<Measurement> values = Sht3xDecoder.decode(data);
            good++;
            return values;
        } catch (ChecksumMismatchException e) {
            checksumErrors++;
            softReset();
            throw timeout(where() + ": " + e.getMessage() + "; soft reset sent", e);
        } catch (MalformedFrameException e) {
            malformed++;
            throw timeout(where() + ": " + e.getMessage(), e);
        }
    }

    private byte[] readMeasurement() throws IOException {
        try {
            return device.read(Sht3xCommands.MEASUREMENT_LENGTH);
        } catch (I2cNoAnswerException stillMeasuring) {
            pause(LATE_MILLIS);
            return device.read(Sht3xCommands.MEASUREMENT_LENGTH);
        }
    }

    /** The datasheet's soft reset; a sensor that does not take it either is left to the next read. */
    private void softReset() throws IOException {
        try {
            device.write(Sht3xCommands.bytes(Sht3xCommands.SOFT_RESET));
        } catch (I2cNoAnswerException e) {
            return;
        }
        pause(RESET_MILLIS);
    }

    @Override
    public void close() {
        if (device != null) {
            device.close();
            device = null;
        }
    }

    @Override
    public FrameCounters counters() {
        return new FrameCounters(good, checksumErrors, malformed);
    }

    private String where() {
        return "sensor " + spec.id() + " on " + port;
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the SHT3x measures");
        }
    }

    private static SensorTimeoutException timeout(String message, IOException cause) {
        SensorTimeoutException e = new SensorTimeoutException(message);
        e.initCause(cause);
        return e;
    }
}
