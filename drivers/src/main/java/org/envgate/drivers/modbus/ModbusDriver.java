package org.envgate.drivers.modbus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.PartialReadException;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SerialSensorDriver;
import org.envgate.link.Link;

/**
 * Reads a Modbus slave through a configured register map: optionally writes a measurement
 * trigger and waits for the probe to settle, then reads the mapped registers in as few requests
 * as the slave allows (see {@link RegisterBlock#plan}). Every transaction is complete in itself,
 * so slaves on one bus can be read one after the other over one link.
 *
 * <p>A block the slave refuses (an exception answer) costs only its own values: the others are
 * reported, with a {@link PartialReadException} naming what is missing. A block with gaps refused
 * with ILLEGAL DATA ADDRESS is split where its gaps are, for this read and the following ones. No
 * answer, a torn or a corrupt one ends the read at once: the slave is not listening, and the bus
 * is shared.
 */
public final class ModbusDriver extends SerialSensorDriver {

    /**
     * A register written before each read to wake the probe or start a measurement, and how long
     * the probe needs before its registers hold the new values.
     *
     * @param register the holding register, written with function 06
     * @param value    the value to write
     * @param settle   how long to wait after the write, before the reads
     */
    public record Trigger(int register, int value, Duration settle) {
    }

    /**
     * How many registers one read may ask for, and how many unused registers between two values
     * a read may cover.
     */
    public record Blocks(int maxRegisters, int maxGap) {
    }

    private final int slave;
    private final List<RegisterMapping> registers;
    private final Trigger trigger;
    private final ModbusMaster master;
    private final RtuMaster.Pause pause;
    private final List<RegisterBlock> plan;

    public ModbusDriver(SensorSpec spec, int slave, List<RegisterMapping> registers, Blocks blocks, Trigger trigger,
                        ModbusMaster master) {
        this(spec, slave, registers, blocks, trigger, master, RtuMaster.SLEEP);
    }

    /** With the pause the settle time uses, for tests. */
    ModbusDriver(SensorSpec spec, int slave, List<RegisterMapping> registers, Blocks blocks, Trigger trigger,
                 ModbusMaster master, RtuMaster.Pause pause) {
        super(spec);
        if (registers.isEmpty()) {
            throw new IllegalArgumentException("a Modbus sensor needs at least one register");
        }
        this.slave = slave;
        this.registers = List.copyOf(registers);
        this.trigger = trigger;
        this.master = master;
        this.pause = pause;
        this.plan = new ArrayList<>(RegisterBlock.plan(this.registers, blocks.maxRegisters(), blocks.maxGap()));
    }

    public int slave() {
        return slave;
    }

    public List<RegisterMapping> registers() {
        return registers;
    }

    /** The reads one sample takes, as planned now. */
    public List<RegisterBlock> plan() {
        return List.copyOf(plan);
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
            pause.pause(trigger.settle().toNanos());
        }
        Map<RegisterMapping, Double> values = new HashMap<>();
        List<ModbusExceptionResponse> refusals = new ArrayList<>();
        List<RegisterMapping> missing = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            RegisterBlock block = plan.get(i);
            try {
                int[] words = master.transact(link, block.request(slave), block.quantities());
                for (RegisterMapping m : block.mappings()) {
                    values.put(m, block.value(m, words));
                }
            } catch (ModbusExceptionResponse refused) {
                if (refused.code() == ModbusExceptionResponse.ILLEGAL_DATA_ADDRESS && block.hasGaps()) {
                    // The slave will not read its unused registers: read around them from now on.
                    plan.remove(i);
                    plan.addAll(i, block.withoutGaps());
                    i--;
                    continue;
                }
                refusals.add(refused);
                missing.addAll(block.mappings());
            }
        }
        if (values.isEmpty()) {
            throw refusals.get(0);
        }
        List<Measurement> sample = new ArrayList<>(values.size());
        for (RegisterMapping m : registers) {
            if (values.containsKey(m)) {
                sample.add(new Measurement(m.quantity(), values.get(m)));
            }
        }
        if (!refusals.isEmpty()) {
            throw new PartialReadException("sensor " + spec().id() + ": " + missing.stream().map(m -> m.quantity().id())
                    .collect(Collectors.joining(", ")) + " not read, the other values are reported: "
                    + refusals.stream().map(Throwable::getMessage).collect(Collectors.joining("; ")), sample);
        }
        return sample;
    }

    @Override
    public FrameCounters counters() {
        return master.counters();
    }
}
