package org.envgate.drivers.modbus;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.link.Link;

/**
 * Runs Modbus TCP transactions as a client: each request carries a new transaction id, and the
 * answer is the ADU that carries it back. An answer to an earlier transaction (a device or an
 * Ethernet gateway answering late, after its request timed out) is read past, not taken. The
 * header's length is checked before the rest is read, so no answer makes the master allocate
 * more than the protocol's 260 bytes. A silent device holds the link for one response timeout.
 */
public final class TcpMaster implements ModbusMaster {

    /**
     * Transaction ids, shared by every master in the process: sensors on one connection then never
     * send the same id close together, so a late answer to one cannot pass for another's.
     */
    private static final AtomicInteger TRANSACTIONS = new AtomicInteger();

    private final Duration responseTimeout;
    private final LongSupplier nanoTime;
    private final IntSupplier transactions;
    private long good;
    private long malformed;

    public TcpMaster(Duration responseTimeout) {
        this(responseTimeout, System::nanoTime, TRANSACTIONS::incrementAndGet);
    }

    /** With the clock timeouts are measured on and where transaction ids come from, for tests. */
    TcpMaster(Duration responseTimeout, LongSupplier nanoTime, IntSupplier transactions) {
        this.responseTimeout = responseTimeout;
        this.nanoTime = nanoTime;
        this.transactions = transactions;
    }

    @Override
    public Duration responseTimeout() {
        return responseTimeout;
    }

    @Override
    public FrameCounters counters() {
        return new FrameCounters(good, 0, malformed);
    }

    @Override
    public int[] transact(Link link, ModbusRequest request, String purpose) throws IOException {
        int transaction = transactions.getAsInt() & 0xFFFF;
        link.discardInput();
        link.write(MbapCodec.encode(request, transaction));
        long deadline = nanoTime.getAsLong() + responseTimeout.toNanos();
        while (true) {
            byte[] header = new byte[MbapCodec.HEADER_LENGTH];
            readFully(link, request, purpose, header, 0, deadline);
            int length;
            try {
                length = MbapCodec.aduLength(header);
            } catch (MalformedFrameException e) {
                malformed++;
                throw corrupt(link, request, purpose, e);
            }
            byte[] adu = Arrays.copyOf(header, length);
            readFully(link, request, purpose, adu, MbapCodec.HEADER_LENGTH, deadline);
            if (MbapCodec.transactionId(adu) != transaction) {
                continue; // a late answer to an earlier request
            }
            try {
                int[] values = MbapCodec.decode(request, transaction, adu);
                good++;
                return values;
            } catch (MalformedFrameException e) {
                malformed++;
                throw corrupt(link, request, purpose, e);
            } catch (ModbusExceptionResponse e) {
                good++;
                throw new ModbusExceptionResponse(where(link, request, purpose), e.function(), e.code());
            }
        }
    }

    private void readFully(Link link, ModbusRequest request, String purpose, byte[] into, int from, long deadline)
            throws IOException {
        int received = from;
        while (received < into.length) {
            long remaining = deadline - nanoTime.getAsLong();
            if (remaining <= 0) {
                throw noAnswer(link, request, purpose, received, into.length);
            }
            received += link.read(into, received, into.length - received, Duration.ofNanos(remaining));
        }
    }

    /** {@code modbus-tcp://10.0.0.7:502: unit 1: read input registers 0x0003 (2) for ph, temperature}. */
    private static String where(Link link, ModbusRequest request, String purpose) {
        return link.port() + ": unit " + request.slave() + ": " + request.describe() + (purpose.isEmpty() ? "" : " for " + purpose);
    }

    private SensorTimeoutException noAnswer(Link link, ModbusRequest request, String purpose, int received, int expected) {
        String within = " within " + responseTimeout.toMillis() + " ms";
        if (received == 0) {
            return new SensorTimeoutException(where(link, request, purpose) + ": no answer" + within
                    + "; check the unit-id, and the device's or Ethernet gateway's own timeout towards the slave");
        }
        malformed++;
        return new SensorTimeoutException(where(link, request, purpose) + ": torn answer, " + received + " of "
                + (received < MbapCodec.HEADER_LENGTH ? "?" : String.valueOf(expected)) + " bytes" + within);
    }

    private static SensorTimeoutException corrupt(Link link, ModbusRequest request, String purpose, MalformedFrameException cause) {
        SensorTimeoutException e = new SensorTimeoutException(where(link, request, purpose) + ": malformed answer: "
                + cause.getMessage());
        e.initCause(cause);
        return e;
    }
}
