package org.envgate.gateway.log;

import com.pi4j.context.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.envgate.drivers.DriverContext;
import org.envgate.link.Link;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * A sensor's link that logs every frame read or written in hex ({@code trace-frames: true}), at
 * most {@link #LINES_PER_SECOND} lines a second; the lines held back are counted in the next one.
 */
public final class FrameTrace implements Link {

    static final int LINES_PER_SECOND = 20;
    /** Bytes shown of one frame; a longer one says how long it was. */
    static final int MAX_BYTES_SHOWN = 64;
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private final Link link;
    private final String where;
    private final TaggedLogger log;
    private long windowStartNanos = System.nanoTime();
    private int linesInWindow;
    private int heldBack;

    /** @param where the sensor as its log lines name it: {@code sensor pm (pms5003 on /dev/ttyUSB0)} */
    public FrameTrace(Link link, String sensorId, String where) {
        this.link = link;
        this.where = where;
        this.log = Logger.tag(Logging.sensorTag(sensorId));
    }

    /** {@code context} with every serial or TCP link it opens traced. */
    public static DriverContext tracing(DriverContext context, String sensorId, String where) {
        return new DriverContext() {
            @Override
            public Link openSerial(String port, SerialSettings settings) throws IOException {
                return new FrameTrace(context.openSerial(port, settings), sensorId, where);
            }

            @Override
            public Optional<Reading> latest(String otherSensorId, Quantity quantity) {
                return context.latest(otherSensorId, quantity);
            }

            @Override
            public Context gpio() throws IOException {
                return context.gpio();
            }
        };
    }

    @Override
    public String port() {
        return link.port();
    }

    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
        int count = link.read(buffer, offset, length, timeout);
        if (count > 0) {
            trace("rx", buffer, offset, count);
        }
        return count;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        trace("tx", bytes, 0, bytes.length);
        link.write(bytes);
    }

    @Override
    public void discardInput() throws IOException {
        link.discardInput();
    }

    @Override
    public void close() {
        link.close();
    }

    private synchronized void trace(String direction, byte[] bytes, int offset, int count) {
        long now = System.nanoTime();
        if (now - windowStartNanos >= 1_000_000_000L) {
            windowStartNanos = now;
            linesInWindow = 0;
        }
        if (linesInWindow == LINES_PER_SECOND) {
            heldBack++;
            return;
        }
        linesInWindow++;
        String hex = HEX.formatHex(bytes, offset, offset + Math.min(count, MAX_BYTES_SHOWN))
                + (count > MAX_BYTES_SHOWN ? " ... (" + count + " bytes)" : "");
        String held = heldBack == 0 ? "" : " (" + heldBack + " frames not shown before this: at most "
                + LINES_PER_SECOND + " lines a second)";
        heldBack = 0;
        log.info("{}: {} {}{}", where, direction, hex, held);
    }
}
