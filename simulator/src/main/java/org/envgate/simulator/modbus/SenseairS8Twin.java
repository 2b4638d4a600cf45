package org.envgate.simulator.modbus;

import java.time.ZoneId;
import java.util.Map;
import org.envgate.simulator.Signals;
import org.envgate.simulator.TwinOptions;
import org.envgate.wire.Quantity;

/**
 * A Senseair S8 on its UART: a Modbus slave at its own address (0x68 from the factory) that also
 * answers the "any sensor" address 0xFE. Input registers as in "Modbus on Senseair S8"
 * (TDE2067): IR1 meter status (0), IR2 alarm status (1), IR3 output status (2), IR4 space CO2 in
 * ppm (3), IR22 PWM output (0x15), IR26 to IR31 type, map version, firmware and serial number
 * (0x19 to 0x1E). Holding registers HR1 acknowledgement (0), HR2 special command (1) and HR32
 * ABC period in hours (0x1F) can be read and written. Anything else is ILLEGAL DATA ADDRESS.
 *
 * <p>Out of range: the meter status flags "out of range" (bit 5) and CO2 reads above the range,
 * as the sensor does when the concentration exceeds it.
 */
public final class SenseairS8Twin extends ModbusSlaveTwin {

    public static final String MODEL = "senseair-s8";
    public static final int FACTORY_ADDRESS = 0x68;
    public static final int ANY_ADDRESS = 0xFE;
    static final int OUT_OF_RANGE_STATUS = 0x0020;
    /** Outdoor CO2 near traffic: about 420 ppm, higher in the still night air and rush hours. */
    static final DailySignal CO2 = new DailySignal(440, 25, 4.0, 12);

    private final int address;
    private final DailySignal.Source co2;
    private final Signals signals;
    private final int[] holding = {0, 0};
    private int abcPeriodHours = 180;

    public SenseairS8Twin(TwinOptions options) {
        this(options, FACTORY_ADDRESS, ZoneId.systemDefault());
    }

    /** At {@code address} on a bus, with the time zone of the daily cycle. */
    public SenseairS8Twin(TwinOptions options, int address, ZoneId zone) {
        super(options);
        this.address = address;
        this.co2 = CO2.source(options.seed() * 31 + 11, zone);
        this.signals = options.signals();
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public boolean answersTo(int slave) {
        return slave == address || slave == ANY_ADDRESS;
    }

    @Override
    protected Registers read(int function, int start, int count, boolean outOfRange, long nowMillis) {
        if (function != 0x03 && function != 0x04) {
            return null; // no coils, no discrete inputs
        }
        int[] values = new int[count];
        Map<Quantity, Double> sample = Map.of();
        for (int i = 0; i < count; i++) {
            int register = start + i;
            Integer value = function == 0x04 ? input(register, outOfRange, nowMillis) : holding(register);
            if (value == null) {
                return null;
            }
            values[i] = value;
            if (function == 0x04 && register == 3 && !outOfRange) {
                sample = Map.of(Quantity.CO2, (double) value);
            }
        }
        return new Registers(values, sample);
    }

    private Integer input(int register, boolean outOfRange, long nowMillis) {
        return switch (register) {
            case 0 -> outOfRange ? OUT_OF_RANGE_STATUS : 0;
            case 1, 2 -> 0;
            case 3 -> outOfRange ? 10_500 : (int) Math.max(0, Math.min(0xFFFF, Math.round(
                    signals.value(Quantity.CO2, nowMillis).orElse(co2.next(nowMillis)))));
            case 0x15 -> 0x0D00;        // PWM output for about 400 ppm on a 0-2000 ppm scale
            case 0x19 -> 0x0001;        // sensor type ID high
            case 0x1A -> 0x0103;        // sensor type ID low
            case 0x1B -> 0x0003;        // memory map version
            case 0x1C -> 0x0300;        // firmware 3.0
            case 0x1D -> 0x0647;        // serial number high
            case 0x1E -> 0x2A1D;        // serial number low
            default -> null;
        };
    }

    private Integer holding(int register) {
        if (register == 0 || register == 1) {
            return holding[register];
        }
        return register == 0x1F ? abcPeriodHours : null;
    }

    @Override
    protected boolean write(int register, int value, long nowMillis) {
        if (register == 0 || register == 1) {
            holding[register] = value;
            return true;
        }
        if (register == 0x1F) {
            abcPeriodHours = value;
            return true;
        }
        return false;
    }
}
