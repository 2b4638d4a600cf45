package org.envgate.simulator.modbus;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.envgate.drivers.modbus.RegisterOrder;
import org.envgate.drivers.modbus.RegisterType;
import org.envgate.simulator.Signals;
import org.envgate.simulator.TwinOptions;
import org.envgate.wire.Quantity;

/**
 * A generic Modbus RTU slave with a configured register map, e.g. a multi-parameter
 * water-quality sonde. A read must cover whole values (a float32's two registers together) of
 * the table it addresses; anything else is ILLEGAL DATA ADDRESS. One holding register accepts a
 * measurement trigger (function 06, any value); a sonde given a {@link #measuresFor measuring
 * time} answers reads with SLAVE DEVICE BUSY for that long after each trigger, as many do.
 */
public final class ModbusSondeTwin extends ModbusSlaveTwin {

    public static final String MODEL = "modbus";
    /** The holding register the demo sonde takes its measurement trigger at. */
    public static final int TRIGGER_REGISTER = 0x0020;

    /**
     * The demo sonde at slave 1: pH and temperature as scaled int16 holding registers (as many
     * low-cost probes), conductivity as a word-swapped float32 and dissolved oxygen as a scaled
     * uint16 in input registers (as many sondes). River water in a tropical city.
     */
    public static final List<SondeRegister> DEMO_MAP = List.of(
            new SondeRegister(3, 0x0000, RegisterType.INT16, RegisterOrder.ABCD, 0.01, 0, Quantity.PH,
                    new DailySignal(7.3, 0.25, 15, 0.05), 15.5),
            new SondeRegister(3, 0x0001, RegisterType.INT16, RegisterOrder.ABCD, 0.1, 0, Quantity.TEMPERATURE,
                    new DailySignal(28.5, 1.5, 15, 0.2), -60),
            new SondeRegister(4, 0x0010, RegisterType.FLOAT32, RegisterOrder.CDAB, 1, 0, Quantity.CONDUCTIVITY,
                    new DailySignal(420, 15, 6, 8), 250_000),
            new SondeRegister(4, 0x0012, RegisterType.UINT16, RegisterOrder.ABCD, 0.01, 0, Quantity.DISSOLVED_OXYGEN,
                    new DailySignal(6.5, 1.5, 15, 0.2), 30));

    private final int address;
    private final List<SondeRegister> map;
    private final Map<SondeRegister, DailySignal.Source> sources = new HashMap<>();
    private final Signals signals;
    private long triggers;
    private volatile long measuringMillis;
    private long triggeredAtMillis = Long.MIN_VALUE / 2;

    public ModbusSondeTwin(TwinOptions options) {
        this(options, 1, DEMO_MAP, ZoneId.systemDefault());
    }

    public ModbusSondeTwin(TwinOptions options, int address, List<SondeRegister> map, ZoneId zone) {
        super(options);
        this.address = address;
        this.map = List.copyOf(map);
        this.signals = options.signals();
        long seed = options.seed() * 31 + address;
        for (SondeRegister register : this.map) {
            sources.put(register, register.signal().source(seed++, zone));
        }
    }

    @Override
    public String model() {
        return MODEL;
    }

    public int address() {
        return address;
    }

    public List<SondeRegister> map() {
        return map;
    }

    /** After each trigger, answers reads with SLAVE DEVICE BUSY for {@code millis}. */
    public void measuresFor(long millis) {
        measuringMillis = millis;
    }

    @Override
    protected boolean busy(long nowMillis) {
        return nowMillis - triggeredAtMillis < measuringMillis;
    }

    /** Measurement triggers received. */
    public long triggers() {
        return triggers;
    }

    @Override
    public boolean answersTo(int slave) {
        return slave == address;
    }

    @Override
    protected Registers read(int function, int start, int count, boolean outOfRange, long nowMillis) {
        List<Integer> words = new ArrayList<>();
        Map<Quantity, Double> sample = new HashMap<>();
        int next = start;
        while (next < start + count) {
            SondeRegister register = at(function, next);
            if (register == null || next + register.width() > start + count) {
                return null;
            }
            double own = sources.get(register).next(nowMillis);
            double value = outOfRange ? register.outOfRange() : signals.value(register.quantity(), nowMillis).orElse(own);
            for (int word : register.registers(register.stored(value))) {
                words.add(word);
            }
            if (!outOfRange) {
                sample.put(register.quantity(), register.sent(value));
            }
            next += register.width();
        }
        return new Registers(words.stream().mapToInt(Integer::intValue).toArray(), sample);
    }

    private SondeRegister at(int function, int register) {
        for (SondeRegister candidate : map) {
            if (candidate.function() == function && candidate.register() == register) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    protected boolean write(int register, int value, long nowMillis) {
        if (register != TRIGGER_REGISTER) {
            return false;
        }
        triggers++;
        triggeredAtMillis = nowMillis;
        return true;
    }
}
