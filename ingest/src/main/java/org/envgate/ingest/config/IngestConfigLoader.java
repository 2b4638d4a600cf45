package org.envgate.ingest.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.envgate.common.config.ConfigException;
import org.envgate.common.config.ConfigFiles;
import org.envgate.common.config.ConfigMap;
import org.envgate.common.http.PageConfig;
import org.envgate.wire.Reading;

/**
 * Reads and validates an ingest config (docs/ingest.md). Every problem is a
 * {@link ConfigException} naming file, line and key; unknown keys are errors, never ignored.
 */
public final class IngestConfigLoader {

    static final Set<String> TOP_KEYS = Set.of("mqtt", "influx", "embedded", "packs", "gateways", "http");
    static final Set<String> MQTT_KEYS = Set.of("url", "topic-prefix", "client-id", "share-group", "username",
            "password-file", "ca-file", "cert-file", "key-file", "keep-alive", "reconnect-max");
    static final Set<String> INFLUX_KEYS = Set.of("url", "token", "token-file", "org", "bucket", "gzip", "batch-size",
            "timeout", "text-fields");
    static final Set<String> EMBEDDED_KEYS = Set.of("path", "listen");
    static final Set<String> PACKS_KEYS = Set.of("max-size", "max-age", "max-ahead");
    static final Set<String> GATEWAY_KEYS = Set.of("site", "sensors");
    /** The fleet page's keys: the gateway's {@code status-page} keys, its refresh and where its plots come from. */
    static final Set<String> HTTP_KEYS = Set.of("listen", "password-file", "cert-file", "key-file", "refresh", "series");

    /** MQTT client ids and share group names: no topic separators or wildcards. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern LISTEN = Pattern.compile("(.+):(\\d{1,5})");
    /** The fleet page's {@code listen}, written as the gateway's {@code status-page.listen}: host, [IPv6] or address, and port. */

    public IngestConfig load(Path file) throws ConfigException {
        return parse(file.toString(), ConfigFiles.read(file));
    }

    public IngestConfig parse(String file, String text) throws ConfigException {
        ConfigMap root = ConfigMap.parse(file, text);
        root.allowOnly(TOP_KEYS);
        MqttSettings mqtt = mqtt(root.requiredMap("mqtt"));
        Optional<InfluxSettings> influx = root.has("influx") ? Optional.of(influx(root.requiredMap("influx")))
                : Optional.empty();
        Optional<ConfigMap> embeddedMap = root.map("embedded");
        if (influx.isPresent() && embeddedMap.isPresent()) {
            throw root.error("embedded", "applies only without an influx section (ingest then starts its own QuestDB)");
        }
        EmbeddedSettings embedded = embedded(embeddedMap);
        PackLimits packs = packs(root.map("packs"));
        Map<String, StationTags> gateways = gateways(root.map("gateways"));
        Optional<FleetPageSettings> http = http(root.map("http"), influx.isEmpty());
        return new IngestConfig(file, mqtt, influx, embedded, packs, gateways, http);
    }

    private static MqttSettings mqtt(ConfigMap mqtt) throws ConfigException {
        mqtt.allowOnly(MQTT_KEYS);
        String url = url(mqtt, "url", List.of("tcp", "ssl"));
        String prefix = mqtt.text("topic-prefix", "envgate");
        if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("+") || prefix.contains("#")
                || prefix.startsWith("$")) {
            throw mqtt.error("topic-prefix",
                    "'" + prefix + "' must have no wildcards, no leading '$' and no leading or trailing '/'");
        }
        String clientId = name(mqtt, "client-id").orElse("envgate-ingest");
        Optional<String> shareGroup = name(mqtt, "share-group");
        Optional<Path> certFile = mqtt.readableFile("cert-file");
        Optional<Path> keyFile = mqtt.readableFile("key-file");
        if (certFile.isPresent() != keyFile.isPresent()) {
            String present = certFile.isPresent() ? "cert-file" : "key-file";
            throw mqtt.error(present, "cert-file and key-file go together: give both or neither");
        }
        Optional<Path> caFile = mqtt.readableFile("ca-file");
        if (!url.startsWith("ssl://")) {
            for (String key : List.of("ca-file", "cert-file", "key-file")) {
                if (mqtt.has(key)) {
                    throw mqtt.error(key, "only applies to an ssl:// url");
                }
            }
        }
        Optional<Path> passwordFile = mqtt.readableFile("password-file");
        Optional<String> username = mqtt.text("username");
        if (passwordFile.isPresent() && username.isEmpty()) {
            throw mqtt.error("password-file", "a password needs a username");
        }
        return new MqttSettings(url, prefix, clientId, shareGroup, username, passwordFile, caFile, certFile, keyFile,
                mqtt.positiveDuration("keep-alive", Duration.ofSeconds(60)),
                mqtt.positiveDuration("reconnect-max", Duration.ofMinutes(1)));
    }

    private static InfluxSettings influx(ConfigMap influx) throws ConfigException {
        influx.allowOnly(INFLUX_KEYS);
        String url = url(influx, "url", List.of("http", "https"));
        String token;
        if (influx.has("token") && influx.has("token-file")) {
            throw influx.error("token", "give token or token-file, not both");
        } else if (influx.has("token-file")) {
            Path path = influx.readableFile("token-file").orElseThrow();
            try {
                token = ConfigFiles.readNamedFile(path).lines().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw influx.error("token-file", e.getMessage());
            }
            if (token.isEmpty()) {
                throw influx.error("token-file", path + " is empty; its first line must be the token");
            }
        } else {
            token = influx.requiredText("token");
        }
        Duration timeout = influx.positiveDuration("timeout", Duration.ofSeconds(30));
        return new InfluxSettings(url, token, influx.requiredText("org"), influx.requiredText("bucket"),
                influx.bool("gzip", true), influx.integer("batch-size", 10_000, 1, 1_000_000), timeout,
                influx.bool("text-fields", true));
    }

    private static EmbeddedSettings embedded(Optional<ConfigMap> section) throws ConfigException {
        Path defaultPath = Path.of("/var/lib/envgate-ingest/questdb");
        if (section.isEmpty()) {
            return new EmbeddedSettings(defaultPath, "127.0.0.1", 9000);
        }
        ConfigMap embedded = section.get();
        embedded.allowOnly(EMBEDDED_KEYS);
        Path path = embedded.path("path").orElse(defaultPath);
        String listen = embedded.text("listen", "127.0.0.1:9000");
        var m = LISTEN.matcher(listen);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65_535) {
            throw embedded.error("listen", "'" + listen + "' must be host:port, e.g. 127.0.0.1:9000");
        }
        return new EmbeddedSettings(path, m.group(1), Integer.parseInt(m.group(2)));
    }

    private static Optional<FleetPageSettings> http(Optional<ConfigMap> section, boolean embedded)
            throws ConfigException {
        if (section.isEmpty()) {
            return Optional.empty();
        }
        ConfigMap page = section.get();
        page.allowOnly(HTTP_KEYS);
        PageConfig address = PageConfig.read(page, "127.0.0.1:8090 (this machine only) or 0.0.0.0:8443 (every network, "
                + "with HTTPS)");
        Duration refresh = page.positiveDuration("refresh", Duration.ofSeconds(10));
        if (refresh.compareTo(Duration.ofSeconds(1)) < 0 || refresh.compareTo(Duration.ofMinutes(10)) > 0) {
            throw page.error("refresh", "must be between 1s and 10m");
        }
        FleetPageSettings.SeriesStore series = seriesStore(page, embedded);
        return Optional.of(new FleetPageSettings(address, refresh, series));
    }

    private static FleetPageSettings.SeriesStore seriesStore(ConfigMap page, boolean embedded) throws ConfigException {
        if (!page.has("series")) {
            return embedded ? FleetPageSettings.SeriesStore.QUESTDB : FleetPageSettings.SeriesStore.NONE;
        }
        String given = page.requiredText("series");
        for (FleetPageSettings.SeriesStore store : FleetPageSettings.SeriesStore.values()) {
            if (store.key().equals(given)) {
                if (embedded && (store == FleetPageSettings.SeriesStore.VICTORIAMETRICS
                        || store == FleetPageSettings.SeriesStore.INFLUXDB)) {
                    throw page.error("series", "the embedded store is QuestDB: give questdb or none, or leave it out");
                }
                return store;
            }
        }
        throw page.error("series", "'" + given + "' must be questdb, victoriametrics, influxdb or none");
    }

    private static PackLimits packs(Optional<ConfigMap> section) throws ConfigException {
        long defaultSize = 256 * 1024;
        Duration defaultAge = Duration.ofDays(90);
        Duration defaultAhead = Duration.ofMinutes(10);
        if (section.isEmpty()) {
            return new PackLimits(defaultSize, defaultAge, defaultAhead);
        }
        ConfigMap packs = section.get();
        packs.allowOnly(PACKS_KEYS);
        long maxSize = packs.size("max-size", defaultSize);
        if (maxSize < 1024 || maxSize > 256L * 1024 * 1024) {
            throw packs.error("max-size", "must be between 1KB and 256MB");
        }
        return new PackLimits(maxSize, packs.positiveDuration("max-age", defaultAge),
                packs.duration("max-ahead", defaultAhead));
    }

    private static Map<String, StationTags> gateways(Optional<ConfigMap> section) throws ConfigException {
        Map<String, StationTags> tags = new LinkedHashMap<>();
        if (section.isEmpty()) {
            return tags;
        }
        ConfigMap gateways = section.get();
        for (String id : gateways.keys()) {
            if (!Reading.ID.matcher(id).matches()) {
                throw gateways.error(id, "gateway id '" + id + "' must match " + Reading.ID.pattern());
            }
            ConfigMap gateway = gateways.requiredMap(id);
            gateway.allowOnly(GATEWAY_KEYS);
            Optional<String> site = gateway.has("site") ? Optional.of(gateway.id("site", Reading.ID)) : Optional.empty();
            Map<String, String> models = new LinkedHashMap<>();
            Optional<ConfigMap> sensors = gateway.map("sensors");
            if (sensors.isPresent()) {
                for (String sensor : sensors.get().keys()) {
                    if (!Reading.ID.matcher(sensor).matches()) {
                        throw sensors.get().error(sensor, "sensor id '" + sensor + "' must match " + Reading.ID.pattern());
                    }
                    models.put(sensor, sensors.get().id(sensor, Reading.ID));
                }
            }
            tags.put(id, new StationTags(site, Map.copyOf(models)));
        }
        return Map.copyOf(tags);
    }

    private static String url(ConfigMap map, String key, List<String> schemes) throws ConfigException {
        String url = map.requiredText(key);
        String shape = String.join(" or ", schemes.stream().map(s -> s + "://host:port").toList());
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme()) || uri.getHost() == null) {
                throw map.error(key, "'" + url + "' must be " + shape);
            }
            if (schemes.contains("tcp") && uri.getPath() != null && !uri.getPath().isEmpty()) {
                throw map.error(key, "'" + url + "' must be " + shape + ", without a path");
            }
        } catch (URISyntaxException e) {
            throw map.error(key, "'" + url + "' is not a URL: " + e.getReason());
        }
        return url;
    }

    private static Optional<String> name(ConfigMap map, String key) throws ConfigException {
        Optional<String> value = map.text(key);
        if (value.isPresent() && !NAME.matcher(value.get()).matches()) {
            throw map.error(key, "'" + value.get() + "' must match " + NAME.pattern());
        }
        return value;
    }
}
