package org.envgate.drivers.pms5003;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SerialSensorDriver;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.link.Link;

/**
 * Reads a PMS5003/PMS7003, PMS5003T or PMS5003ST in active mode (the sensor sends a frame every 0.2 to 2.3 s and the
 * driver takes the next fresh one) or passive mode (the driver asks for each frame).
 */
public final class Pms5003Driver extends SerialSensorDriver {

    /** The {@code mode:} option. */
    public enum Mode { ACTIVE, PASSIVE }

    /** Active mode: the datasheet's slowest interval is 2.3 s; allow two of them and a margin. */
    static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(5);
    /** Passive mode: the answer to a read takes well under a second at 9600 baud. */
    static final Duration PASSIVE_TIMEOUT = Duration.ofSeconds(2);

    private final Mode mode;
    private final LongSupplier nanoTime;
    private final Pms5003Decoder decoder;
    private final byte[] buffer = new byte[256];

    public Pms5003Driver(SensorSpec spec, Mode mode) {
        this(spec, mode, Pms5003Layout.PMS5003);
    }

    public Pms5003Driver(SensorSpec spec, Mode mode, Pms5003Layout layout) {
        this(spec, mode, layout, System::nanoTime);
    }

    /** With the clock the timeouts are measured on, for tests. */
    Pms5003Driver(SensorSpec spec, Mode mode, LongSupplier nanoTime) {
        this(spec, mode, Pms5003Layout.PMS5003, nanoTime);
    }

    Pms5003Driver(SensorSpec spec, Mode mode, Pms5003Layout layout, LongSupplier nanoTime) {
        super(spec);
        this.mode = mode;
        this.nanoTime = nanoTime;
        this.decoder = new Pms5003Decoder(layout);
    }

    public Mode mode() {
        return mode;
    }

    @Override
    protected void start(Link link) throws IOException {
        link.write(Pms5003Commands.wake());
        link.write(mode == Mode.PASSIVE ? Pms5003Commands.passiveMode() : Pms5003Commands.activeMode());
        if (mode == Mode.PASSIVE) {
            // A frame sent before the mode change may already be on its way.
            discard(link);
        }
    }

    @Override
    protected List<Measurement> read(Link link) throws IOException {
        discard(link);
        if (mode == Mode.PASSIVE) {
            link.write(Pms5003Commands.readPassive());
            return awaitFrame(link, PASSIVE_TIMEOUT).measurements();
        }
        return awaitFrame(link, ACTIVE_TIMEOUT).measurements();
    }

    @Override
    public FrameCounters counters() {
        return decoder.counters();
    }

    private void discard(Link link) throws IOException {
        link.discardInput();
        decoder.reset();
    }

    private Pms5003Frame awaitFrame(Link link, Duration timeout) throws IOException {
        FrameCounters before = decoder.counters();
        long received = 0;
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        long remaining = timeout.toNanos();
        while (remaining > 0) {
            int count = link.read(buffer, 0, buffer.length, Duration.ofNanos(remaining));
            received += count;
            List<Pms5003Frame> frames = decoder.feed(buffer, 0, count);
            if (!frames.isEmpty()) {
                return frames.get(frames.size() - 1); // the newest, if a read completed several
            }
            remaining = deadline - nanoTime.getAsLong();
        }
        throw timeout(link, timeout, received, before, decoder.counters());
    }

    private SensorTimeoutException timeout(Link link, Duration timeout, long received,
                                           FrameCounters before, FrameCounters after) {
        String waited = "no valid frame from " + link.port() + " within " + timeout.toMillis() + " ms";
        if (received == 0) {
            return new SensorTimeoutException(waited + ": nothing received; check power, wiring (sensor TX to "
                    + "gateway RX) and that the sensor is not asleep");
        }
        return new SensorTimeoutException(waited + ": " + received + " bytes received, "
                + (after.checksumErrors() - before.checksumErrors()) + " checksum errors, "
                + (after.malformed() - before.malformed()) + " malformed frames; check wiring/baud (9600 8N1)");
    }
}
