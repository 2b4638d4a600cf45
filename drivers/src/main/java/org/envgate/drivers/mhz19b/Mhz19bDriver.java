package org.envgate.drivers.mhz19b;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.SerialSensorDriver;
import org.envgate.link.Link;

/** Reads a Winsen MH-Z19B: each read sends the read command and decodes the 9-byte answer. */
public final class Mhz19bDriver extends SerialSensorDriver {

    /** The {@code automatic-baseline:} option: leave the sensor's setting alone, or switch it. */
    public enum Baseline { KEEP, ON, OFF }

    /** The sensor answers within milliseconds; allow for a slow USB adapter. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);

    private final Baseline baseline;
    private final LongSupplier nanoTime;
    private final Mhz19bDecoder decoder = new Mhz19bDecoder();
    private final byte[] buffer = new byte[64];

    public Mhz19bDriver(SensorSpec spec, Baseline baseline) {
        this(spec, baseline, System::nanoTime);
    }

    /** With the clock the timeouts are measured on, for tests. */
    Mhz19bDriver(SensorSpec spec, Baseline baseline, LongSupplier nanoTime) {
        super(spec);
        this.baseline = baseline;
        this.nanoTime = nanoTime;
    }

    public Baseline baseline() {
        return baseline;
    }

    /** Switches automatic baseline correction when configured; the sensor does not answer that. */
    @Override
    protected void start(Link link) throws IOException {
        if (baseline == Baseline.ON) {
            link.write(Mhz19bCommands.automaticBaselineOn());
        } else if (baseline == Baseline.OFF) {
            link.write(Mhz19bCommands.automaticBaselineOff());
        }
    }

    @Override
    protected List<Measurement> read(Link link) throws IOException {
        link.discardInput();
        decoder.reset();
        link.write(Mhz19bCommands.readCo2());
        Mhz19bReading reading = await(link);
        return reading.measurements();
    }

    @Override
    public FrameCounters counters() {
        return decoder.counters();
    }

    private Mhz19bReading await(Link link) throws IOException {
        FrameCounters before = decoder.counters();
        long received = 0;
        long deadline = nanoTime.getAsLong() + ANSWER_TIMEOUT.toNanos();
        for (long remaining = ANSWER_TIMEOUT.toNanos(); remaining > 0; remaining = deadline - nanoTime.getAsLong()) {
            int count = link.read(buffer, 0, buffer.length, Duration.ofNanos(remaining));
            received += count;
            List<Mhz19bReading> readings = decoder.feed(buffer, 0, count);
            if (!readings.isEmpty()) {
                return readings.get(readings.size() - 1);
            }
        }
        String waited = link.port() + ": no answer to the CO2 read within " + ANSWER_TIMEOUT.toMillis() + " ms";
        if (received == 0) {
            throw new SensorTimeoutException(waited + ": nothing received; check 5 V power and wiring "
                    + "(sensor TX to gateway RX, gateway TX to sensor RX)");
        }
        throw new SensorTimeoutException(waited + ": " + received + " bytes received, "
                + (decoder.counters().checksumErrors() - before.checksumErrors())
                + " checksum errors; check wiring/baud (9600 8N1)");
    }
}
