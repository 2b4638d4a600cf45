package org.envgate.drivers.pulse;

import java.time.Duration;
import java.util.Set;
import org.envgate.drivers.DriverOptions;
import org.envgate.wire.Quantity;

/** Model {@code rain-gauge}: a tipping bucket with a reed switch; reports {@code rainfall} (mm) per interval. */
public final class RainGaugeDriverProvider extends PulseDriverProvider {

    static final String MM_PER_TIP = "mm-per-tip";
    /** A reed switch bounces for 1-3 ms; 5 ms also hides the bounce of a worn one. */
    static final Duration DEBOUNCE_DEFAULT = Duration.ofMillis(5);

    @Override
    public String model() {
        return "rain-gauge";
    }

    @Override
    Quantity quantity() {
        return Quantity.RAINFALL;
    }

    @Override
    Set<String> conversionKeys() {
        return Set.of(MM_PER_TIP);
    }

    @Override
    Duration defaultDebounce() {
        return DEBOUNCE_DEFAULT;
    }

    @Override
    PulseConversion conversion(DriverOptions options) {
        return new RainGauge(positive(options, MM_PER_TIP, RainGauge.DEFAULT_MM_PER_TIP, 10));
    }
}
