package org.envgate.ingest.decode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.envgate.ingest.config.StationTags;
import org.envgate.wire.StationDescription;
import org.tinylog.Logger;

/**
 * What ingest knows of each gateway's station: the description in its latest status message
 * (site, location, sensors' models), with the config's {@code gateways:} section overriding the
 * site and models it names. Read by the decode thread for every pack, written on each status.
 */
public final class Stations {

    /** Stations remembered at most; a description beyond them is not kept (points are stored, untagged). */
    public static final int MAX_STATIONS = 10_000;

    private final Map<String, StationTags> overrides;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final Set<String> online = ConcurrentHashMap.newKeySet();
    private volatile boolean full;

    private record Known(StationDescription description, StationTags tags) {
    }

    /** @param overrides the config's {@code gateways:} section, by gateway id */
    public Stations(Map<String, StationTags> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * Remembers what a gateway's status message says about its station. A status that describes
     * nothing (an older gateway's, or a simulated one's) leaves what was known. Beyond
     * {@value #MAX_STATIONS} stations a new one is not remembered, and that is logged once.
     */
    public void describe(String gateway, StationDescription description) {
        if (description.equals(StationDescription.NONE)) {
            return;
        }
        if (known.size() >= MAX_STATIONS && !known.containsKey(gateway)) {
            if (!full) {
                full = true;
                Logger.warn("{} stations known, the most ingest remembers; the status of gateway {} and of any further"
                        + " new one is stored, but their points get only the tags of the config's gateways section",
                        MAX_STATIONS, gateway);
            }
            return;
        }
        known.put(gateway, new Known(description, merge(description, overrides.getOrDefault(gateway, StationTags.NONE))));
    }

    /**
     * Remembers whether a gateway's latest status says it is online; its Last Will says offline.
     * At most {@value #MAX_STATIONS} gateways are counted online.
     */
    public void presence(String gateway, boolean isOnline) {
        if (!isOnline) {
            online.remove(gateway);
        } else if (online.size() < MAX_STATIONS) {
            online.add(gateway);
        }
    }

    /** Gateways whose latest status says online. */
    public int online() {
        return online.size();
    }

    /** The site and models to tag a gateway's points with: the config's where it names them, else the status's. */
    public StationTags tags(String gateway) {
        Known station = known.get(gateway);
        return station != null ? station.tags() : overrides.getOrDefault(gateway, StationTags.NONE);
    }

    /** The latest description a gateway sent, if any. */
    public Optional<StationDescription> description(String gateway) {
        return Optional.ofNullable(known.get(gateway)).map(Known::description);
    }

    private static StationTags merge(StationDescription description, StationTags override) {
        Map<String, String> models = new LinkedHashMap<>();
        description.sensors().forEach(sensor -> models.put(sensor.id(), sensor.model()));
        models.putAll(override.models());
        Optional<String> site = override.site().or(() -> description.site().isEmpty() ? Optional.empty()
                : Optional.of(description.site()));
        return new StationTags(site, Map.copyOf(models));
    }
}
