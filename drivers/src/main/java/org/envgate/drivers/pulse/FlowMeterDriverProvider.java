package org.envgate.drivers.pulse;

import java.time.Duration;
import java.util.Set;
import org.envgate.drivers.DriverOptions;
import org.envgate.wire.Quantity;

/** Model {@code flow-meter}: a Hall-effect turbine (YF-S201 and alike); reports {@code flow} (l/min), the interval's mean. */
public final class FlowMeterDriverProvider extends PulseDriverProvider {

    static final String PULSES_PER_LITRE = "pulses-per-litre";
    static final String MAX_FLOW = "max-flow";

    @Override
    public String model() {
        return "flow-meter";
    }

    @Override
    Quantity quantity() {
        return Quantity.FLOW;
    }

    @Override
    Set<String> conversionKeys() {
        return Set.of(PULSES_PER_LITRE, MAX_FLOW);
    }

    /**
     * None: a Hall sensor's push-pull or open-collector output does not bounce, and at 30 l/min a
     * YF-S201 gives 225 pulses a second, 2.2 ms apart edge to edge, which a reed-switch debounce would eat.
     */
    @Override
    Duration defaultDebounce() {
        return Duration.ZERO;
    }

    @Override
    PulseConversion conversion(DriverOptions options) {
        return new FlowMeter(
                positive(options, PULSES_PER_LITRE, FlowMeter.DEFAULT_PULSES_PER_LITRE, 100_000),
                positive(options, MAX_FLOW, FlowMeter.DEFAULT_MAX_FLOW, 100_000));
    }
}
