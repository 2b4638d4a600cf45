package org.envgate.drivers.sht3x;

import java.io.IOException;
import java.util.List;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.I2cSensorDriver;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorSpec;
import org.envgate.link.I2cDevice;
import org.envgate.link.I2cNoAnswerException;

/**
 * Reads a Sensirion SHT3x (SHT30, SHT31, SHT35) over I2C: each read is one single-shot
 * measurement at high repeatability, its six bytes checked word by word against their CRC. A
 * sensor that stops acknowledging, or a CRC mismatch, is answered with a soft reset: the read
 * fails, and the next one finds the sensor in its power-on state.
 */
public final class Sht3xDriver extends I2cSensorDriver {

    /** Datasheet table 4: 15.5 ms at most for high repeatability (SHT3x-DIS). */
    private static final long MEASUREMENT_MILLIS = 16;
    /** A sensor still measuring does not acknowledge its address; it gets this much more once. */
    private static final long LATE_MILLIS = 5;
    /** Datasheet table 4: 1.5 ms at most from a soft reset to idle. */
    private static final long RESET_MILLIS = 2;

    private long good;
    private long checksumErrors;
    private long malformed;

    public Sht3xDriver(SensorSpec spec) {
        super(spec);
    }

    /** Nothing to ready: whether the sensor answers shows at the first read. */
    @Override
    protected void prepare(I2cDevice chip) {
    }

    @Override
    public List<Measurement> read() throws IOException {
        I2cDevice chip = device();
        byte[] data;
        try {
            chip.write(Sht3xCommands.bytes(Sht3xCommands.MEASURE_HIGH));
            pause(MEASUREMENT_MILLIS);
            data = readMeasurement(chip);
        } catch (I2cNoAnswerException e) {
            softReset(chip);
            throw timeout(where() + ": no answer (" + e.getMessage() + "); soft reset sent", e);
        }
        try {
            List<Measurement> values = Sht3xDecoder.decode(data);
            good++;
            return values;
        } catch (ChecksumMismatchException e) {
            checksumErrors++;
            softReset(chip);
            throw timeout(where() + ": " + e.getMessage() + "; soft reset sent", e);
        } catch (MalformedFrameException e) {
            malformed++;
            throw timeout(where() + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readMeasurement(I2cDevice chip) throws IOException {
        try {
            return chip.read(Sht3xCommands.MEASUREMENT_LENGTH);
        } catch (I2cNoAnswerException stillMeasuring) {
            pause(LATE_MILLIS);
            return chip.read(Sht3xCommands.MEASUREMENT_LENGTH);
        }
    }

    /** The datasheet's soft reset; a sensor that does not take it either is left to the next read. */
    private static void softReset(I2cDevice chip) throws IOException {
        try {
            chip.write(Sht3xCommands.bytes(Sht3xCommands.SOFT_RESET));
        } catch (I2cNoAnswerException e) {
            return;
        }
        pause(RESET_MILLIS);
    }

    @Override
    public FrameCounters counters() {
        return new FrameCounters(good, checksumErrors, malformed);
    }
}
