package org.envgate.simulator.modbus;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.envgate.simulator.SampleListener;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.wire.Quantity;

/**
 * A Modbus RTU slave: answers functions 01 to 04 and 06 (and 16 where a subclass accepts
 * writes) byte for byte, an exception for what it does not have, and nothing to requests for
 * other addresses. On its own it is a sensor on a point-to-point link; several of them share one
 * line in a {@link ModbusBusTwin}.
 *
 * <p>Faults: per answer the garbage, bad-CRC and torn probabilities of {@link TwinOptions};
 * switched on, {@link TwinFaults.Fault#STUCK} repeats the last values,
 * {@link TwinFaults.Fault#OUT_OF_RANGE} sends values the probe cannot produce, and
 * {@link TwinFaults.Fault#ERROR_RESPONSE} answers every request with exception 04 SLAVE DEVICE
 * FAILURE. {@link TwinFaults.Fault#SILENT} is applied by the server, or by the bus for one slave.
 */
public abstract class ModbusSlaveTwin implements SensorTwin {

    public static final int ILLEGAL_FUNCTION = 0x01;
    public static final int ILLEGAL_DATA_ADDRESS = 0x02;
    public static final int ILLEGAL_DATA_VALUE = 0x03;
    public static final int SLAVE_DEVICE_FAILURE = 0x04;
    public static final int SLAVE_DEVICE_BUSY = 0x06;

    /**
     * What a read returns: the registers and the values they stand for, reported to listeners
     * when the answer goes out intact.
     */
    protected record Registers(int[] values, Map<Quantity, Double> sample) {
    }

    /** What fault injection did so far. */
    public record InjectedFaults(long garbage, long badChecksums, long tornFrames) {
    }

    private final TwinOptions options;
    private final Random faults;
    private final TwinFaults switched = new TwinFaults();
    private final List<SampleListener> listeners = new CopyOnWriteArrayList<>();
    private final RequestFramer framer = new RequestFramer();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Map<Long, Registers> lastAnswers = new HashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private long garbage;
    private long badChecksums;
    private long tornFrames;

    protected ModbusSlaveTwin(TwinOptions options) {
        this.options = options;
        this.faults = new Random(options.seed());
    }

    /** Whether this slave takes a request sent to {@code address}. */
    public abstract boolean answersTo(int address);

    /**
     * Registers {@code start .. start+count-1} of a table (function 03 holding, 04 input), or bits
     * (01 coils, 02 discrete inputs, each 0 or 1), or null when the slave does not have all of them.
     *
     * @param outOfRange send values outside what the probe can produce
     */
    protected abstract Registers read(int function, int start, int count, boolean outOfRange, long nowMillis);

    /** Writes one holding register; false when the slave has no such writable register. */
    protected abstract boolean write(int address, int value, long nowMillis);

    /** Whether the slave is still measuring and answers reads with SLAVE DEVICE BUSY; never, unless a subclass says. */
    protected boolean busy(long nowMillis) {
        return false;
    }

    @Override
    public TwinFaults faults() {
        return switched;
    }

    @Override
    public void addListener(SampleListener listener) {
        listeners.add(listener);
    }

    /** Requests addressed to this slave that reached it, answered or refused. */
    public long requests() {
        return requests.get();
    }

    public InjectedFaults injectedFaults() {
        return new InjectedFaults(garbage, badChecksums, tornFrames);
    }

    @Override
    public void receive(byte[] bytes, int offset, int length, long nowMillis) {
        for (RtuRequest request : framer.feed(bytes, offset, length, nowMillis)) {
            output.writeBytes(respond(request, nowMillis));
        }
    }

    @Override
    public byte[] poll(long nowMillis) {
        byte[] bytes = output.toByteArray();
        output.reset();
        return bytes;
    }

    /** The bytes this slave sends in answer to {@code request}: none when it is for someone else. */
    public byte[] respond(RtuRequest request, long nowMillis) {
        if (!answersTo(request.slave())) {
            return new byte[0];
        }
        requests.incrementAndGet();
        int slave = request.slave();
        if (switched.on(TwinFaults.Fault.ERROR_RESPONSE)) {
            return RtuFrames.exception(slave, request.function(), SLAVE_DEVICE_FAILURE);
        }
        return switch (request.function()) {
            case 0x01, 0x02, 0x03, 0x04 -> answerRead(request, nowMillis);
            case 0x06 -> write(request.address(), request.word(), nowMillis)
                    ? RtuFrames.echo(slave, 0x06, request.address(), request.word())
                    : RtuFrames.exception(slave, 0x06, ILLEGAL_DATA_ADDRESS);
            default -> RtuFrames.exception(slave, request.function(), ILLEGAL_FUNCTION);
        };
    }

    private byte[] answerRead(RtuRequest request, long nowMillis) {
        int count = request.word();
        boolean bits = request.function() <= 0x02;
        if (count < 1 || count > (bits ? 2000 : 125)) {
            return RtuFrames.exception(request.slave(), request.function(), ILLEGAL_DATA_VALUE);
        }
        if (busy(nowMillis)) {
            return RtuFrames.exception(request.slave(), request.function(), SLAVE_DEVICE_BUSY);
        }
        long key = (long) request.function() << 32 | (long) request.address() << 16 | count;
        Registers registers = switched.on(TwinFaults.Fault.STUCK) && lastAnswers.containsKey(key)
                ? lastAnswers.get(key)
                : read(request.function(), request.address(), count, switched.on(TwinFaults.Fault.OUT_OF_RANGE), nowMillis);
        if (registers == null) {
            return RtuFrames.exception(request.slave(), request.function(), ILLEGAL_DATA_ADDRESS);
        }
        lastAnswers.put(key, registers);
        byte[] frame = bits ? RtuFrames.bits(request.slave(), request.function(), registers.values())
                : RtuFrames.registers(request.slave(), request.function(), registers.values());
        return damaged(frame, registers.sample(), nowMillis);
    }

    /** Applies the per-frame faults; reports the sample only when the frame goes out intact. */
    private byte[] damaged(byte[] frame, Map<Quantity, Double> sample, long nowMillis) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (strikes(TwinFaults.Fault.GARBAGE, options.garbageProbability())) {
            byte[] noise = new byte[1 + faults.nextInt(4)];
            faults.nextBytes(noise);
            out.writeBytes(noise);
            garbage++;
        }
        if (strikes(TwinFaults.Fault.BAD_CHECKSUM, options.badChecksumProbability())) {
            frame[frame.length - 1] ^= (byte) (1 + faults.nextInt(255));
            out.writeBytes(frame);
            badChecksums++;
        } else if (strikes(TwinFaults.Fault.TORN, options.tornProbability())) {
            out.write(frame, 0, 1 + faults.nextInt(frame.length - 1));
            tornFrames++;
        } else {
            out.writeBytes(frame);
            if (out.size() == frame.length && !sample.isEmpty()) {
                TwinSample sent = new TwinSample(model(), sample, nowMillis);
                listeners.forEach(listener -> listener.sent(sent));
            }
        }
        return out.toByteArray();
    }

    private boolean strikes(TwinFaults.Fault fault, double probability) {
        return switched.strikes(fault, probability, faults);
    }
}
