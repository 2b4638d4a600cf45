package org.envgate.simulator.line;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.envgate.wire.Quantity;

/**
 * The instruments of docs/sensors/line.md the line twin can be, each with the sensor options of
 * its example there: what the gateway needs to read it.
 */
public enum LineInstrument {

    /** A Vaisala WXT520 at address 0, polled for its composite data message. */
    WXT("wxt", "0R0", Set.of(Quantity.TEMPERATURE, Quantity.HUMIDITY, Quantity.PRESSURE)),
    /** A YSI 6600 sonde in discrete run mode: a line of whitespace columns every period, unasked. */
    YSI6600("ysi6600", null, Set.of(Quantity.TEMPERATURE, Quantity.CONDUCTIVITY, Quantity.DISSOLVED_OXYGEN,
            Quantity.PH, Quantity.ORP)),
    /** A Sea-Bird SBE 37 MicroCAT answering TS (take sample) in output format 1. */
    SBE37("sbe37", "TS", Set.of(Quantity.TEMPERATURE, Quantity.CONDUCTIVITY, Quantity.SALINITY));

    private final String id;
    private final String command;
    private final Set<Quantity> dictated;

    LineInstrument(String id, String command, Set<Quantity> dictated) {
        this.id = id;
        this.command = command;
        this.dictated = dictated;
    }

    /** The name {@code serve --format} takes. */
    public String id() {
        return id;
    }

    /** What the instrument answers, or null for one that prints on its own. */
    public String command() {
        return command;
    }

    /** The quantities a scenario can dictate (the others follow them). */
    public Set<Quantity> dictated() {
        return dictated;
    }

    /** The instrument named {@code id} ({@code wxt}, {@code ysi6600}, {@code sbe37}), or null. */
    public static LineInstrument named(String id) {
        for (LineInstrument instrument : values()) {
            if (instrument.id.equals(id.toLowerCase(Locale.ROOT))) {
                return instrument;
            }
        }
        return null;
    }

    /**
     * The instrument a sensor with these options reads: the one whose command it sends, the sonde
     * when it only listens; the WXT when no options are given.
     */
    public static LineInstrument readBy(Map<String, String> sensorOptions) {
        if (sensorOptions.isEmpty()) {
            return WXT;
        }
        String command = sensorOptions.get("command");
        if (command == null) {
            return YSI6600;
        }
        String sent = command.strip().replaceAll("^['\"]|['\"]$", "");
        return sent.equals(SBE37.command) ? SBE37 : WXT;
    }

    /** The format of the example in docs/sensors/line.md, as YAML values under the sensor. */
    public Map<String, String> sensorOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        switch (this) {
            case WXT -> {
                options.put("command", command);
                options.put("pattern", "'Ta=(?<temperature>[-+]?[0-9.]+)C.*Ua=(?<humidity>[0-9.]+)P,Pa=(?<pressure>[0-9.]+)H'");
                options.put("fields", "{temperature: {unit: Cel, range: [-52, 60]}, humidity: {unit: \"%RH\", range: [0, 100]}, "
                        + "pressure: {unit: hPa, range: [600, 1100]}}");
            }
            case YSI6600 -> {
                options.put("delimiter", "whitespace");
                options.put("fields", "{temperature: {index: 2, unit: Cel, range: [-5, 50]}, "
                        + "conductivity: {index: 4, unit: uS/cm, range: [0, 100000]}, "
                        + "tds: {index: 6, unit: mg/l, scale: 1000, range: [0, 100000]}, "
                        + "salinity: {index: 7, unit: ppt, range: [0, 70]}, "
                        + "dissolved_oxygen: {index: 10, unit: mg/l, range: [0, 50]}, "
                        + "ph: {index: 12, unit: pH, range: [0, 14]}, "
                        + "orp: {index: 14, unit: mV, range: [-999, 999]}}");
            }
            case SBE37 -> {
                options.put("command", command);
                options.put("pattern", "'^#? *(?<temperature>-?[0-9]+\\.[0-9]+), *(?<conductivity>-?[0-9]+\\.[0-9]+), "
                        + "*-?[0-9]+\\.[0-9]+, *(?<salinity>-?[0-9]+\\.[0-9]+)'");
                options.put("fields", "{temperature: {unit: Cel, range: [-5, 45], resolution: 0.0001}, "
                        + "conductivity: {unit: uS/cm, scale: 10000, range: [0, 70000], resolution: 0.1}, "
                        + "salinity: {unit: ppt, range: [0, 42], resolution: 0.0001}}");
            }
        }
        return options;
    }
}
