package org.envgate.drivers.modbus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SerialSensorDriver;
import org.envgate.link.Link;

/**
 * Reads a Modbus RTU slave through a configured register map: optionally writes a measurement
 * trigger and waits, then reads each mapped register in its own transaction. Every transaction
 * is complete in itself, so slaves on one bus can be read one after the other over one link.
 */
public final class ModbusDriver extends SerialSensorDriver {

    /**
     * A register written before each read to start a measurement, and how long the probe needs.
     *
     * @param register the holding register, written with function 06
     * @param value    the value to write
     * @param pause    how long to wait after the write, before the reads
     */
    public record Trigger(int register, int value, Duration pause) {
    }

    private final int slave;
    private final List<RegisterMapping> registers;
    private final Trigger trigger;
    private final RtuMaster master;
    private final RtuMaster.Pause pause;

    public ModbusDriver(SensorSpec spec, int slave, List<RegisterMapping> registers, Trigger trigger, Duration responseTimeout) {
        this(spec, slave, registers, trigger, new RtuMaster(spec.serial(), responseTimeout), RtuMaster.SLEEP);
    }

    /** With the master and the pause the trigger wait uses, for tests. */
    ModbusDriver(SensorSpec spec, int slave, List<RegisterMapping> registers, Trigger trigger,
                 RtuMaster master, RtuMaster.Pause pause) {
        super(spec);
        if (registers.isEmpty()) {
            throw new IllegalArgumentException("a Modbus sensor needs at least one register");
        }
        this.slave = slave;
        this.registers = List.copyOf(registers);
        this.trigger = trigger;
        this.master = master;
        this.pause = pause;
    }

    public int slave() {
        return slave;
    }

    public List<RegisterMapping> registers() {
        return registers;
    }

    /** The trigger, or null when the probe measures continuously. */
    public Trigger trigger() {
        return trigger;
    }

    public Duration responseTimeout() {
        return master.responseTimeout();
    }

    @Override
    protected void start(Link link) {
        // Nothing to prepare: a Modbus slave answers whenever it is asked.
    }

    @Override
    protected List<Measurement> read(Link link) throws IOException {
        if (trigger != null) {
            master.transact(link, ModbusRequest.writeSingleRegister(slave, trigger.register(), trigger.value()));
            pause.pause(trigger.pause().toNanos());
        }
        List<Measurement> values = new ArrayList<>(registers.size());
        for (RegisterMapping mapping : registers) {
            double value = mapping.value(master.transact(link, mapping.request(slave)));
            values.add(new Measurement(mapping.quantity(), value));
        }
        return values;
    }

    @Override
    public FrameCounters counters() {
        return master.counters();
    }
}
