package org.envgate.drivers;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The sensor models on the class path, by config name. */
public final class DriverRegistry {

    private final Map<String, SensorDriverProvider> byModel;

    private DriverRegistry(Map<String, SensorDriverProvider> byModel) {
        this.byModel = Collections.unmodifiableMap(byModel);
    }

    public static DriverRegistry load() {
        Map<String, SensorDriverProvider> byModel = new TreeMap<>();
        for (SensorDriverProvider provider : ServiceLoader.load(SensorDriverProvider.class)) {
            SensorDriverProvider clash = byModel.put(provider.model(), provider);
            if (clash != null) {
                throw new IllegalStateException("two drivers claim model '" + provider.model() + "': "
                        + clash.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
        return new DriverRegistry(byModel);
    }

    public Optional<SensorDriverProvider> find(String model) {
        return Optional.ofNullable(byModel.get(model));
    }

    /** Model names, sorted, for error messages and docs. */
    public java.util.Set<String> models() {
        return byModel.keySet();
    }
}
