package org.envgate.gateway.poll;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.envgate.gateway.config.SensorConfig;
import org.envgate.link.I2cNoAnswerException;
import org.envgate.link.PortBusyException;
import org.envgate.link.PortNotFoundException;
import org.envgate.link.SerialSettings;

/**
 * What to do about a sensor's fault, in a technician's words: the one home of these hints, which
 * {@code envgate check} prints after a fault and the status page shows on a faulted sensor's card.
 * The link's own messages already name the port and the dialout group.
 */
public final class FaultHint {

    private FaultHint() {
    }

    /** The hint for {@code fault} of {@code sensor}, e.g. {@code no such port: check the cable, ...}; empty when there is none. */
    public static Optional<String> of(SensorConfig sensor, Exception fault) {
        String text = String.valueOf(fault.getMessage()).toLowerCase(Locale.ROOT);
        boolean garbled = text.contains("bytes received") || text.contains("checksum") || text.contains("garbled")
                || text.contains("crc") || text.contains("malformed");
        if (garbled && !sensor.port().startsWith("gpio:")) {
            return Optional.of(lineSettings(sensor));
        }
        if (fault instanceof I2cNoAnswerException) {
            return Optional.of("nothing acknowledges at this address: check SDA, SCL and power, and the address with envgate probe "
                    + "i2c:<bus>");
        }
        if (fault instanceof PortNotFoundException) {
            return Optional.of("no such port: check the cable, the adapter, and the name in the config; ls /dev/serial/by-id");
        }
        if (fault instanceof PortBusyException && !text.contains("held by")) {
            return Optional.of("another program holds the port: a serial console (disable it in raspi-config), ModemManager, "
                    + "or a gateway already running");
        }
        if (text.contains("checksum") || text.contains("garbled") || text.contains("crc")) {
            return Optional.of("check the wiring and the baud rate");
        }
        return Optional.empty();
    }

    /**
     * When bytes arrive but make no frame, the line settings are the likely cause: the hint names
     * the setting that differs from the model's own, or the model's own when the config has them.
     */
    private static String lineSettings(SensorConfig sensor) {
        SerialSettings own = sensor.provider().defaultSerialSettings();
        SerialSettings configured = sensor.serial();
        if (own.equals(configured)) {
            return "bytes arrive but make no frame: check the wiring, and that the sensor is set to "
                    + own + ", its model's own settings; a wrong baud rate or parity looks like this";
        }
        List<String> fix = new ArrayList<>();
        if (own.baud() != configured.baud()) {
            fix.add("baud: " + own.baud());
        }
        if (own.parity() != configured.parity()) {
            fix.add("parity: " + own.parity().name().toLowerCase(Locale.ROOT));
        }
        if (own.dataBits() != configured.dataBits()) {
            fix.add("data-bits: " + own.dataBits());
        }
        if (own.stopBits() != configured.stopBits()) {
            fix.add("stop-bits: " + own.stopBits());
        }
        return "bytes arrive but make no frame: a " + sensor.model() + " talks at " + own
                + ", the config says " + configured + ": likely set " + String.join(", ", fix)
                + ", or remove the setting";
    }
}
