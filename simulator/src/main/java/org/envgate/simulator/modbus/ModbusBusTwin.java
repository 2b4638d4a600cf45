package org.envgate.simulator.modbus;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.envgate.simulator.SampleListener;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;

/**
 * Several Modbus slaves on one RS-485 line: each request goes to every slave, and the one it is
 * addressed to answers, unless that slave is switched {@link TwinFaults.Fault#SILENT} (unpowered,
 * or its drop cable cut), which leaves the others answering. Faults switched on the bus itself
 * affect the whole line (SILENT: the adapter is unplugged).
 */
public final class ModbusBusTwin implements SensorTwin {

    private final List<ModbusSlaveTwin> slaves;
    private final String model;
    private final RequestFramer framer = new RequestFramer();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final TwinFaults faults = new TwinFaults();
    private final AtomicLong requests = new AtomicLong();

    /** The bus is named after its first slave's model. */
    public ModbusBusTwin(List<ModbusSlaveTwin> slaves) {
        if (slaves.isEmpty()) {
            throw new IllegalArgumentException("a bus needs at least one slave");
        }
        this.slaves = List.copyOf(slaves);
        this.model = slaves.get(0).model();
    }

    public List<ModbusSlaveTwin> slaves() {
        return slaves;
    }

    /** Requests heard on the line, to any slave: what a master's block reads save shows here. */
    public long requests() {
        return requests.get();
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public void receive(byte[] bytes, int offset, int length, long nowMillis) {
        for (RtuRequest request : framer.feed(bytes, offset, length, nowMillis)) {
            requests.incrementAndGet();
            for (ModbusSlaveTwin slave : slaves) {
                if (!slave.faults().on(TwinFaults.Fault.SILENT)) {
                    output.writeBytes(slave.respond(request, nowMillis));
                }
            }
        }
    }

    @Override
    public byte[] poll(long nowMillis) {
        byte[] bytes = output.toByteArray();
        output.reset();
        return bytes;
    }

    /** Hears every slave. */
    @Override
    public void addListener(SampleListener listener) {
        slaves.forEach(slave -> slave.addListener(listener));
    }

    @Override
    public TwinFaults faults() {
        return faults;
    }
}
