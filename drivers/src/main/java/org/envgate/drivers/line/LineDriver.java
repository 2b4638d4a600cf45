package org.envgate.drivers.line;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.SerialSensorDriver;
import org.envgate.link.Link;

/**
 * Reads an instrument that prints lines. Each read throws away what has queued up, sends the
 * command if there is one, and takes the first line that fits the format; lines that do not fit
 * are counted as malformed and skipped until the timeout.
 */
public final class LineDriver extends SerialSensorDriver {

    private final LineFormat format;
    private final byte[] command;
    private final Duration timeout;
    private final LineFramer framer;
    private final LongSupplier nanoTime;
    private final byte[] buffer = new byte[512];
    private long good;
    private long mismatched;

    /**
     * @param command the bytes to send before each read, or null to listen only
     */
    public LineDriver(SensorSpec spec, LineFormat format, String command, LineTerminator terminator, int maxLength,
                      Duration timeout) {
        this(spec, format, command, terminator, maxLength, timeout, System::nanoTime);
    }

    /** With the clock the timeouts and the pattern's time limit are measured on, for tests. */
    LineDriver(SensorSpec spec, LineFormat format, String command, LineTerminator terminator, int maxLength,
               Duration timeout, LongSupplier nanoTime) {
        super(spec);
        this.format = format;
        this.command = command == null ? null : command.getBytes(StandardCharsets.ISO_8859_1);
        this.timeout = timeout;
        this.framer = new LineFramer(terminator, maxLength);
        this.nanoTime = nanoTime;
    }

    @Override
    protected void start(Link link) throws IOException {
        discard(link);
    }

    @Override
    protected List<Measurement> read(Link link) throws IOException {
        discard(link);
        if (command != null) {
            link.write(command);
        }
        long received = 0;
        long linesBefore = framer.lines();
        long mismatchedBefore = mismatched;
        long overlongBefore = framer.overlongLines();
        String lastProblem = null;
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        for (long remaining = timeout.toNanos(); remaining > 0; remaining = deadline - nanoTime.getAsLong()) {
            int count = link.read(buffer, 0, buffer.length, Duration.ofNanos(remaining));
            received += count;
            for (String line : framer.feed(buffer, 0, count)) {
                if (nanoTime.getAsLong() - deadline > 0) {
                    break; // each match is bounded, but a read full of lines must not outlast the timeout either
                }
                try {
                    List<Measurement> values = format.parse(line, nanoTime);
                    good++;
                    return values;
                } catch (LineMismatchException e) {
                    mismatched++;
                    lastProblem = e.getMessage();
                }
            }
        }
        String waited = "no line fitting the format from " + link.port() + " within " + timeout.toMillis() + " ms";
        if (received == 0) {
            throw new SensorTimeoutException(waited + ": nothing received; check power, wiring (instrument TX to gateway RX)"
                    + (command == null ? ", that the instrument prints on its own" : ", the command") + " and the line settings ("
                    + spec().serial() + ")");
        }
        throw new SensorTimeoutException(waited + ": " + received + " bytes received, " + (framer.lines() - linesBefore)
                + " lines, " + (mismatched - mismatchedBefore) + " not fitting the format, "
                + (framer.overlongLines() - overlongBefore) + " longer than the bound"
                + (lastProblem == null ? "; check the terminator and the line settings (" + spec().serial() + ")"
                        : "; last: " + lastProblem));
    }

    /** Lines that fit, and lines that did not or were too long as malformed frames. */
    @Override
    public FrameCounters counters() {
        return new FrameCounters(good, 0, mismatched + framer.overlongLines());
    }

    private void discard(Link link) throws IOException {
        link.discardInput();
        framer.reset();
    }
}
