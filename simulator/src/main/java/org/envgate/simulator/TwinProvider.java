package org.envgate.simulator;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.envgate.wire.Quantity;

/**
 * One twin model, found through {@link ServiceLoader} like the drivers: the demo starts one twin
 * per provider and configures a gateway sensor for it, so adding a twin edits no switch.
 */
public interface TwinProvider {

    /** The model name, the same as the driver's. */
    String model();

    SensorTwin create(TwinOptions options);

    /**
     * A twin for a sensor the gateway reads with {@code sensorOptions} (its model-specific config
     * options, e.g. a Modbus {@code address}); twins that need none of them ignore them.
     */
    default SensorTwin create(TwinOptions options, Map<String, String> sensorOptions) {
        return create(options);
    }

    /** The model-specific options the demo's gateway sensor should use for this twin, e.g. {@code mode: passive}. */
    Map<String, String> demoSensorOptions();

    /**
     * The model-specific options a gateway needs to read this twin as it is (a Modbus register
     * map, a MaxBotix mount height); the scenario's config writer starts from these. The demo's,
     * unless they name other sensors of the demo.
     */
    default Map<String, String> sensorOptions() {
        return demoSensorOptions();
    }

    /**
     * The switched faults this twin shows (SILENT and UNPLUGGED are applied by the server for
     * every twin); a scenario may schedule only these. All, unless the protocol lacks one.
     */
    default Set<TwinFaults.Fault> faults() {
        return EnumSet.allOf(TwinFaults.Fault.class);
    }

    /** The quantities whose values a scenario can dictate to this twin (others follow them). */
    Set<Quantity> dictated();

    /** The quantities a scenario can dictate to a twin made with {@code sensorOptions}. */
    default Set<Quantity> dictated(Map<String, String> sensorOptions) {
        return dictated();
    }

    /** The twins on the class path, by model, sorted. */
    static Map<String, TwinProvider> all() {
        Map<String, TwinProvider> byModel = new TreeMap<>();
        for (TwinProvider provider : ServiceLoader.load(TwinProvider.class)) {
            TwinProvider clash = byModel.put(provider.model(), provider);
            if (clash != null) {
                throw new IllegalStateException("two twins claim model '" + provider.model() + "': "
                        + clash.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(byModel);
    }
}
