package org.envgate.simulator.pms5003;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.wire.Quantity;

/** The PMS5003 twin. The demo reads it in passive mode, which exercises the command path. */
public class Pms5003TwinProvider implements TwinProvider {

    private final Pms5003Twin.Variant variant;

    public Pms5003TwinProvider() {
        this(Pms5003Twin.Variant.PMS5003);
    }

    protected Pms5003TwinProvider(Pms5003Twin.Variant variant) {
        this.variant = variant;
    }

    @Override
    public String model() {
        return variant.model();
    }

    @Override
    public SensorTwin create(TwinOptions options) {
        return new Pms5003Twin(variant, options, ZoneId.systemDefault());
    }

    @Override
    public Map<String, String> demoSensorOptions() {
        return Map.of("mode", "passive");
    }

    /** No error answer in the protocol. */
    @Override
    public Set<TwinFaults.Fault> faults() {
        return EnumSet.complementOf(EnumSet.of(TwinFaults.Fault.ERROR_RESPONSE));
    }

    /**
     * PM2.5; PM1.0, PM10 and the CF=1 values follow it unless dictated too. Humidity is the
     * air's, which the PMS5003 does not report but reads high in; the PMS5003T and ST report it,
     * and their temperature (and the ST's formaldehyde) too.
     */
    @Override
    public Set<Quantity> dictated() {
        Set<Quantity> dictated = EnumSet.of(Quantity.PM1_0, Quantity.PM2_5, Quantity.PM10,
                Quantity.PM1_0_CF1, Quantity.PM2_5_CF1, Quantity.PM10_CF1, Quantity.HUMIDITY);
        if (variant != Pms5003Twin.Variant.PMS5003) {
            dictated.add(Quantity.TEMPERATURE);
        }
        if (variant == Pms5003Twin.Variant.PMS5003ST) {
            dictated.add(Quantity.FORMALDEHYDE);
        }
        return Set.copyOf(dictated);
    }
}
