package org.envgate.drivers.pulse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.envgate.drivers.OptionException;

/**
 * The {@code port:} of a pulse sensor: {@code gpio:<BCM pin>}, e.g. {@code gpio:17}. The pin is
 * the port, so two sensors can never silently share one input and messages name the pin.
 */
public final class PulsePort {

    /** BCM 0-27: the GPIOs on the 40-pin header. */
    public static final int MAX_PIN = 27;
    private static final Pattern FORM = Pattern.compile("gpio:([0-9]{1,2})");

    private PulsePort() {
    }

    /** The BCM pin number of {@code port}. */
    public static int pin(String port) {
        Matcher m = FORM.matcher(port);
        if (!m.matches() || Integer.parseInt(m.group(1)) > MAX_PIN) {
            throw new OptionException("port", "'" + port + "' must be gpio:<BCM pin 0-" + MAX_PIN
                    + ">, e.g. gpio:17 for header pin 11");
        }
        return Integer.parseInt(m.group(1));
    }
}
