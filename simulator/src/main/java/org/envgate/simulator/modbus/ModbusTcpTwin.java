package org.envgate.simulator.modbus;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.envgate.simulator.SampleListener;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;

/**
 * A Modbus TCP device, or an Ethernet gateway in front of RTU slaves: takes MBAP-framed requests
 * from the stream, hands each to the slave its unit id addresses, and sends the slave's answer
 * back in an MBAP header with the request's transaction id (no CRC). Like a real gateway it
 * answers exception 0B GATEWAY TARGET DEVICE FAILED TO RESPOND when no slave answers the unit id,
 * or when the slave's answer arrives damaged (the per-answer faults of the slaves' options).
 * A header with a protocol id other than 0 or an impossible length drops what was received.
 */
public final class ModbusTcpTwin implements SensorTwin {

    static final int GATEWAY_TARGET_FAILED = 0x0B;
    private static final int HEADER = 7;

    private final List<ModbusSlaveTwin> units;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final TwinFaults faults = new TwinFaults();
    private final AtomicLong requests = new AtomicLong();

    public ModbusTcpTwin(List<ModbusSlaveTwin> units) {
        if (units.isEmpty()) {
            throw new IllegalArgumentException("a Modbus TCP twin needs at least one unit");
        }
        this.units = List.copyOf(units);
    }

    /** Named after its first unit's model. */
    @Override
    public String model() {
        return units.get(0).model();
    }

    /** Requests received, to any unit. */
    public long requests() {
        return requests.get();
    }

    @Override
    public void receive(byte[] bytes, int offset, int length, long nowMillis) {
        held.write(bytes, offset, length);
        byte[] buffer = held.toByteArray();
        int at = 0;
        while (buffer.length - at >= HEADER) {
            int protocol = word(buffer, at + 2);
            int size = word(buffer, at + 4);
            if (protocol != 0 || size < 2 || size > 254) {
                at = buffer.length; // out of step with the client: nothing held can be trusted
                break;
            }
            if (buffer.length - at < 6 + size) {
                break;
            }
            answer(Arrays.copyOfRange(buffer, at, at + 6 + size), nowMillis);
            at += 6 + size;
        }
        held.reset();
        held.write(buffer, at, buffer.length - at);
    }

    private void answer(byte[] adu, long nowMillis) {
        requests.incrementAndGet();
        int unit = adu[6] & 0xFF;
        int function = adu[7] & 0xFF;
        RtuRequest request = request(adu, unit, function);
        byte[] rtu = new byte[0];
        if (request != null) {
            for (ModbusSlaveTwin slave : units) {
                if (!slave.faults().on(TwinFaults.Fault.SILENT) && slave.answersTo(unit)) {
                    rtu = slave.respond(request, nowMillis);
                    break;
                }
            }
        }
        byte[] pdu = intact(rtu) ? Arrays.copyOfRange(rtu, 1, rtu.length - 2)
                : new byte[] {(byte) (function | 0x80), GATEWAY_TARGET_FAILED};
        output.write(adu, 0, 4);
        output.write((pdu.length + 1) >>> 8);
        output.write(pdu.length + 1);
        output.write(unit);
        output.writeBytes(pdu);
    }

    /** The request in an ADU, as a slave on a serial line hears it; null when too short for its function. */
    private static RtuRequest request(byte[] adu, int unit, int function) {
        if (adu.length < HEADER + 5) {
            return null;
        }
        int address = word(adu, HEADER + 1);
        int word = word(adu, HEADER + 3);
        if (function != 0x10) {
            return new RtuRequest(unit, function, address, word, new int[0]);
        }
        int[] values = new int[(adu.length - HEADER - 6) / 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = word(adu, HEADER + 6 + 2 * i);
        }
        return new RtuRequest(unit, function, address, word, values);
    }

    /** Whether a slave's RTU answer came whole: not empty, no noise before it, its CRC right. */
    private static boolean intact(byte[] rtu) {
        return rtu.length >= 5 && RtuFrames.crc(rtu, 0, rtu.length - 2)
                == ((rtu[rtu.length - 2] & 0xFF) | (rtu[rtu.length - 1] & 0xFF) << 8);
    }

    private static int word(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    @Override
    public byte[] poll(long nowMillis) {
        byte[] bytes = output.toByteArray();
        output.reset();
        return bytes;
    }

    /** Hears every unit. */
    @Override
    public void addListener(SampleListener listener) {
        units.forEach(unit -> unit.addListener(listener));
    }

    @Override
    public TwinFaults faults() {
        return faults;
    }
}
