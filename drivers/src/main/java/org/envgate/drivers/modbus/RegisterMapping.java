package org.envgate.drivers.modbus;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.ValueRange;
import org.envgate.wire.Quantity;

/**
 * One configured register (or coil, or discrete input): where a quantity is, how it is stored,
 * and how to convert the stored number into the quantity's unit ({@code value = raw * scale + offset};
 * a bit is 0 or 1).
 *
 * @param function 1 (coils), 2 (discrete inputs), 3 (holding registers) or 4 (input registers)
 * @param register the first register, 0-based as on the wire
 * @param range    the values the probe can really produce: {@code min} to {@code max}, each end
 *                 the quantity's widest span when not configured
 */
public record RegisterMapping(int function, int register, RegisterType type, RegisterOrder order,
                              double scale, double offset, Quantity quantity, ValueRange range) {

    public static final String FUNCTION = "function";
    public static final String REGISTER = "register";
    public static final String TYPE = "type";
    public static final String ORDER = "order";
    public static final String SCALE = "scale";
    public static final String OFFSET = "offset";
    public static final String QUANTITY = "quantity";
    public static final String MIN = "min";
    public static final String MAX = "max";

    private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("0[xX][0-9a-fA-F]{1,4}|[0-9]{1,5}");

    /**
     * The step between two values of this register: for a whole-number register one count, i.e.
     * {@code scale} (finer where the offset has more decimals); for a float register, which
     * carries no step of its own, the finest any probe of the quantity resolves.
     */
    public Resolution resolution() {
        return resolution(type, scale, offset, quantity);
    }

    /** The {@link #resolution()} of a register of this type, scale and offset holding {@code quantity}. */
    public static Resolution resolution(RegisterType type, double scale, double offset, Quantity quantity) {
        if (type == RegisterType.FLOAT32) {
            return SondeRanges.finest(quantity);
        }
        return new Resolution(BigDecimal.valueOf(scale).abs()).shiftedBy(BigDecimal.valueOf(offset));
    }

    /** Reads one item of the {@code registers} list, naming the item's key in every problem. */
    public static RegisterMapping parse(DriverOptions item) {
        int function = item.integer(FUNCTION, 0);
        if (function != 0 && (function < ModbusRequest.READ_COILS || function > ModbusRequest.READ_INPUT_REGISTERS)) {
            throw new OptionException(item.keyPath(FUNCTION),
                    "must be 1 (coils), 2 (discrete inputs), 3 (holding registers) or 4 (input registers), got " + function);
        }
        // The function and the type name the table alike for bits: either may be given, both must agree.
        RegisterType bitOfFunction = function == ModbusRequest.READ_COILS ? RegisterType.COIL
                : function == ModbusRequest.READ_DISCRETE_INPUTS ? RegisterType.DISCRETE_INPUT : RegisterType.UINT16;
        RegisterType type = item.choice(TYPE, RegisterType.class, bitOfFunction);
        if (function == 0) {
            function = type.isBit() ? type.bitFunction() : ModbusRequest.READ_HOLDING_REGISTERS;
        } else if (type.isBit() != (function <= ModbusRequest.READ_DISCRETE_INPUTS) || (type.isBit() && type.bitFunction() != function)) {
            throw new OptionException(item.keyPath(TYPE), "type " + DriverOptions.kebab(type) + " does not go with function "
                    + function + " (coil: 1, discrete-input: 2, register types: 3 or 4)");
        }
        String quantityId = item.text(QUANTITY, null);
        if (quantityId == null) {
            throw new OptionException(item.keyPath(QUANTITY), "missing (required)");
        }
        Quantity quantity = Quantity.byId(quantityId).orElseThrow(() -> new OptionException(item.keyPath(QUANTITY),
                "unknown quantity '" + quantityId + "' (known: "
                        + Arrays.stream(Quantity.values()).map(Quantity::id).collect(Collectors.joining(", ")) + ")"));
        ValueRange span = SondeRanges.span(quantity);
        double min = item.number(MIN, span.min());
        double max = item.number(MAX, span.max());
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new OptionException(item.keyPath(Double.isFinite(min) ? MAX : MIN), "must be a finite number");
        }
        if (!(min <= max)) {
            throw new OptionException(item.keyPath(MIN), "must not exceed " + MAX);
        }
        double scale = item.number(SCALE, 1);
        if (scale == 0) {
            throw new OptionException(item.keyPath(SCALE), "must not be 0");
        }
        return new RegisterMapping(function, address(item, REGISTER, true, 0), type,
                item.choice(ORDER, RegisterOrder.class, RegisterOrder.ABCD), scale, item.number(OFFSET, 0), quantity,
                new ValueRange(min, max));
    }

    /** A register address or value, 0 to 65535, decimal or 0x-hex as datasheets write them. */
    static int address(DriverOptions options, String key, boolean required, int defaultValue) {
        String text = options.text(key, null);
        if (text == null) {
            if (required) {
                throw new OptionException(options.keyPath(key), "missing (required)");
            }
            return defaultValue;
        }
        String trimmed = text.trim();
        if (WORD.matcher(trimmed).matches()) {
            boolean hex = trimmed.length() > 2 && (trimmed.charAt(1) == 'x' || trimmed.charAt(1) == 'X');
            int value = hex ? Integer.parseInt(trimmed.substring(2), 16) : Integer.parseInt(trimmed); // no octal
            if (value <= 0xFFFF) {
                return value;
            }
        }
        throw new OptionException(options.keyPath(key), 
                "must be a whole number from 0 to 65535 (decimal or 0x hex), got '" + text + "'");
    }
}
