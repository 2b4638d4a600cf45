package org.envgate.drivers.modbus;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.link.Link;
import org.envgate.link.SerialSettings;

/**
 * Runs Modbus RTU transactions as a master: each call is one complete, self-contained exchange,
 * so that sensors sharing a bus can take turns between calls. A transaction keeps the line quiet
 * for the inter-frame gap, throws away stale input (a late answer to someone else's request),
 * writes the request, and reads the answer until it is complete or the response timeout is over.
 * A silent slave therefore holds the bus for one response timeout, never longer.
 */
public final class RtuMaster implements ModbusMaster {

    /** Waits without holding anything but the bus; replaceable in tests. */
    @FunctionalInterface
    public interface Pause {
        void pause(long nanos) throws IOException;
    }

    /** A pause on the real clock. */
    public static final Pause SLEEP = nanos -> {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on the Modbus line");
        }
    };

    /** The spec's fixed gap above 19200 baud, where 3.5 character times get too short to time (V1.02, 2.5.1.1). */
    static final long FAST_LINE_GAP_NANOS = 1_750_000;
    /** The longest RTU frame: address, function, byte count, 250 data bytes... rounded up with room for junk. */
    private static final int BUFFER_SIZE = 300;

    private final Duration responseTimeout;
    private final long gapNanos;
    private final LongSupplier nanoTime;
    private final Pause pause;
    private long good;
    private long checksumErrors;
    private long malformed;

    public RtuMaster(SerialSettings settings, Duration responseTimeout) {
        this(settings, responseTimeout, System::nanoTime, SLEEP);
    }

    /** With the clock timeouts are measured on and the way to wait out the gap, for tests. */
    public RtuMaster(SerialSettings settings, Duration responseTimeout, LongSupplier nanoTime, Pause pause) {
        this.responseTimeout = responseTimeout;
        this.gapNanos = interFrameGap(settings).toNanos();
        this.nanoTime = nanoTime;
        this.pause = pause;
    }

    /**
     * The silence that ends a frame: 3.5 character times, a character being start bit, data bits,
     * parity bit and stop bits; a fixed 1.75 ms above 19200 baud.
     */
    public static Duration interFrameGap(SerialSettings settings) {
        if (settings.baud() > 19200) {
            return Duration.ofNanos(FAST_LINE_GAP_NANOS);
        }
        int stopBits = settings.stopBits() == 1 ? 1 : 2; // 1.5 (written 15) rounds up
        int bits = 1 + settings.dataBits() + (settings.parity() == SerialSettings.Parity.NONE ? 0 : 1) + stopBits;
        return Duration.ofNanos((long) Math.ceil(3.5 * bits * 1e9 / settings.baud()));
    }

    @Override
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** Answers decoded, and answers dropped for a wrong CRC or shape, since start. */
    @Override
    public FrameCounters counters() {
        return new FrameCounters(good, checksumErrors, malformed);
    }

    @Override
    public int[] transact(Link link, ModbusRequest request, String purpose) throws IOException {
        pause.pause(gapNanos);
        link.discardInput();
        link.write(request.bytes());
        byte[] answer = new byte[BUFFER_SIZE];
        int received = 0;
        long deadline = nanoTime.getAsLong() + responseTimeout.toNanos();
        int expected = -1;
        while (expected < 0 || received < expected) {
            long remaining = deadline - nanoTime.getAsLong();
            if (remaining <= 0 || received == answer.length) {
                throw noAnswer(link, request, purpose, received, expected);
            }
            received += link.read(answer, received, answer.length - received, Duration.ofNanos(remaining));
            expected = ModbusResponseDecoder.answerLength(request, answer, received);
        }
        byte[] frame = Arrays.copyOf(answer, expected);
        try {
            int[] values = ModbusResponseDecoder.decode(request, frame);
            good++;
            return values;
        } catch (ChecksumMismatchException e) {
            checksumErrors++;
            throw corrupt(link, request, purpose, String.format("CRC mismatch, computed 0x%04x, frame says 0x%04x",
                    e.expected(), e.actual()), e);
        } catch (MalformedFrameException e) {
            malformed++;
            throw corrupt(link, request, purpose, "malformed answer: " + e.getMessage(), e);
        } catch (ModbusExceptionResponse e) {
            good++;
            throw new ModbusExceptionResponse(where(link, request, purpose), e.function(), e.code());
        }
    }

    /** {@code /dev/ttyUSB0: slave 3: read input registers 0x0003 (2) for ph, temperature}. */
    static String where(Link link, ModbusRequest request, String purpose) {
        return link.port() + ": " + slave(request.slave()) + ": " + request.describe()
                + (purpose.isEmpty() ? "" : " for " + purpose);
    }

    static String slave(int address) {
        return address == ModbusRequest.ANY_ADDRESS ? "slave 0xfe (any address)" : "slave " + address;
    }

    private SensorTimeoutException noAnswer(Link link, ModbusRequest request, String purpose, int received, int expected) {
        String within = " within " + responseTimeout.toMillis() + " ms";
        if (received == 0) {
            return new SensorTimeoutException(where(link, request, purpose) + ": no answer" + within
                    + "; check the slave address, A/B wiring, baud rate and power");
        }
        malformed++;
        return new SensorTimeoutException(where(link, request, purpose) + ": torn answer, " + received + " of "
                + (expected < 0 ? "?" : String.valueOf(expected)) + " bytes" + within
                + "; check termination, ground and baud rate");
    }

    private static SensorTimeoutException corrupt(Link link, ModbusRequest request, String purpose, String problem,
                                                  Exception cause) {
        SensorTimeoutException e = new SensorTimeoutException(where(link, request, purpose) + ": " + problem);
        e.initCause(cause);
        return e;
    }
}
