package org.envgate.drivers.ezo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.Measurement;
import org.envgate.wire.Quantity;

/**
 * Turns a reading line into measurements, knowing which output fields the circuit has enabled
 * ({@code O,?}) and, for the RTD circuit, its temperature scale ({@code S,?}). Pure.
 */
public final class EzoValues {

    private final EzoCircuit circuit;
    /** The enabled output fields in the order the circuit sends them, e.g. EC, TDS, S, SG. */
    private final List<String> fields;
    private final char scale;

    private EzoValues(EzoCircuit circuit, List<String> fields, char scale) {
        this.circuit = circuit;
        this.fields = fields;
        this.scale = scale;
    }

    /** For circuits with one value (pH, ORP) or defaults: EC alone, DO in mg/L, RTD in Celsius. */
    public static EzoValues single(EzoCircuit circuit) {
        return switch (circuit) {
            case EC -> new EzoValues(circuit, List.of("EC"), 'c');
            case DO -> new EzoValues(circuit, List.of("MG"), 'c');
            default -> new EzoValues(circuit, List.of("VALUE"), 'c');
        };
    }

    /**
     * From the answer to {@code O,?}, e.g. {@code ?O,EC,TDS,S,SG} or {@code ?O,MG,%}.
     *
     * @throws MalformedFrameException when the answer is not an output list, or names no field envgate reports
     */
    public static EzoValues withOutputs(EzoCircuit circuit, String answer) throws MalformedFrameException {
        // Firmware answers "?O,EC,TDS" or, on older DO circuits, "?,O,%,mg".
        String upper = answer.toUpperCase(Locale.ROOT);
        String list = upper.startsWith("?O,") ? answer.substring(3) : upper.startsWith("?,O,") ? answer.substring(4) : null;
        if (list == null) {
            throw new MalformedFrameException("expected the enabled outputs (?O,...), got '" + answer + "'");
        }
        List<String> fields = new ArrayList<>();
        for (String field : list.split(",")) {
            fields.add(field.trim().toUpperCase(Locale.ROOT));
        }
        String needed = circuit == EzoCircuit.EC ? "EC" : "MG";
        if (!fields.contains(needed) && !(circuit == EzoCircuit.EC && (fields.contains("TDS") || fields.contains("S")))) {
            throw new MalformedFrameException("the circuit sends " + fields + " but not " + needed
                    + "; enable it with 'O," + needed.toLowerCase(Locale.ROOT) + ",1'");
        }
        return new EzoValues(circuit, List.copyOf(fields), 'c');
    }

    /** From the answer to {@code S,?}: {@code ?S,c}, {@code ?S,f} or {@code ?S,k}. */
    public static EzoValues withScale(String answer) throws MalformedFrameException {
        String lower = answer.toLowerCase(Locale.ROOT);
        if (!lower.matches("\\?s,[cfk]")) {
            throw new MalformedFrameException("expected the temperature scale (?S,c|f|k), got '" + answer + "'");
        }
        return new EzoValues(EzoCircuit.RTD, List.of("VALUE"), lower.charAt(3));
    }

    public List<String> fields() {
        return fields;
    }

    /** The measurements in a reading line such as {@code 7.012} or {@code 1413,706,0.68,1.000}. */
    public List<Measurement> parse(String line) throws MalformedFrameException {
        String[] parts = line.split(",");
        if (parts.length != fields.size()) {
            throw new MalformedFrameException("expected " + fields.size() + " value(s) " + fields + ", got '" + line + "'");
        }
        List<Measurement> values = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            double value;
            try {
                value = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new MalformedFrameException("not a reading: '" + line + "'");
            }
            Quantity quantity = quantity(fields.get(i));
            if (quantity != null) {
                values.add(new Measurement(quantity, circuit == EzoCircuit.RTD ? celsius(value) : value));
            }
        }
        if (values.isEmpty()) {
            throw new MalformedFrameException("no value envgate reports in '" + line + "' (fields " + fields + ")");
        }
        return values;
    }

    /** Specific gravity and % saturation have no quantity of their own: read, not reported. */
    private Quantity quantity(String field) {
        return switch (field) {
            case "EC" -> Quantity.CONDUCTIVITY;
            case "TDS" -> Quantity.TDS;
            case "S" -> Quantity.SALINITY;
            case "MG" -> Quantity.DISSOLVED_OXYGEN;
            case "VALUE" -> circuit.quantities().get(0);
            default -> null;
        };
    }

    private double celsius(double value) {
        return switch (scale) {
            case 'f' -> (value - 32) * 5 / 9;
            case 'k' -> value - 273.15;
            default -> value;
        };
    }
}
