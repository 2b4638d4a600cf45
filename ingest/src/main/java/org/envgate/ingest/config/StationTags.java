package org.envgate.ingest.config;

import java.util.Map;
import java.util.Optional;

/**
 * Tags that a gateway's packs do not carry: its site and the model of each sensor. They come
 * from the config, so the same reading always gets the same tags, whichever instance writes it
 * and however often it is redelivered.
 */
public record StationTags(Optional<String> site, Map<String, String> models) {

    public static final StationTags NONE = new StationTags(Optional.empty(), Map.of());

    public Optional<String> model(String sensor) {
        return Optional.ofNullable(models.get(sensor));
    }
}
