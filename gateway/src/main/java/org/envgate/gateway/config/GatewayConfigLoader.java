package org.envgate.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.envgate.common.config.ConfigException;
import org.envgate.common.config.ConfigFiles;
import org.envgate.common.config.ConfigMap;
import org.envgate.common.config.ConfigProblems;
import org.envgate.common.http.PageConfig;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.gateway.alert.AlertRule;
import org.envgate.gateway.quality.SensorQuality;
import org.envgate.link.GpioPlatforms;
import org.envgate.link.I2cPort;
import org.envgate.link.SerialSettings.Parity;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Location;
import org.envgate.wire.Reading;

/**
 * Reads and validates a gateway config (DESIGN.md, "Gateway config"). Every problem is a
 * {@link ConfigException} naming file, line and key; nothing is defaulted silently.
 */
public final class GatewayConfigLoader {

    static final Set<String> TOP_KEYS = Set.of("gateway", "storage", "mqtt", "gpio", "sensors", "status-page",
            "status-led", "log", "aggregates", "aqi", "alerts");
    static final Set<String> GPIO_KEYS = Set.of("platform");
    static final Set<String> GATEWAY_KEYS = Set.of("id", "site", "location");
    static final Set<String> LOCATION_KEYS = Set.of("lat", "lon", "elevation");
    static final Set<String> STORAGE_KEYS = Set.of("path", "max-size", "when-full", "min-free");
    static final Set<String> MQTT_KEYS = Set.of("url", "topic-prefix", "client-id", "username", "password-file",
            "ca-file", "cert-file", "key-file", "batch-size", "max-in-flight", "keep-alive", "reconnect-max", "health-interval");
    static final Set<String> STATUS_PAGE_KEYS = Set.of("listen", "password-file", "cert-file", "key-file");
    static final Set<String> STATUS_LED_KEYS = Set.of("pin");
    /** {@code host:port}, the host an address or a name, IPv6 addresses in brackets. */
    /** Keys every sensor may have, whatever its model. */
    static final Set<String> SENSOR_KEYS = Set.of("id", "model", "port", "interval", "warm-up",
            "baud", "data-bits", "parity", "stop-bits", "qc", "calibration", "trace-frames");

    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final DriverRegistry drivers;

    public GatewayConfigLoader(DriverRegistry drivers) {
        this.drivers = drivers;
    }

    public GatewayConfig load(Path file) throws ConfigException {
        return parse(file.toString(), ConfigFiles.read(file));
    }

    /**
     * Validates every section, every sensor and every cross-check that does not depend on a part
     * already found wrong, and reports every problem found in one {@link ConfigException} (a
     * {@link ConfigProblems} when there are several), in file order; each section and each sensor
     * reports its first problem.
     */
    public GatewayConfig parse(String file, String text) throws ConfigException {
        ConfigMap root = ConfigMap.parse(file, text);
        ConfigProblems.Collector problems = new ConfigProblems.Collector();
        // A misspelt section is reported as an unknown key, not once more as a missing one.
        boolean topKeysKnown = problems.run(() -> root.allowOnly(TOP_KEYS));
        Set<String> required = new HashSet<>(List.of("gateway", "mqtt", "sensors"));
        if (!topKeysKnown) {
            required.retainAll(root.keys());
        }

        Optional<ConfigMap> gateway = required.contains("gateway") ? problems.get(() -> root.requiredMap("gateway"))
                : Optional.empty();
        Optional<String> gatewayId = gateway.flatMap(section -> problems.get(() -> {
            section.allowOnly(GATEWAY_KEYS);
            return section.id("id", Reading.ID);
        }));
        Optional<String> site = gateway.flatMap(section -> problems.get(() -> section.has("site")
                ? section.id("site", Reading.ID) : ""));
        Optional<Optional<Location>> location = gateway.flatMap(section -> problems.get(() -> location(section)));

        Optional<StorageConfig> storage = problems.get(() -> storage(root.map("storage")));
        Optional<MqttConfig> mqtt = required.contains("mqtt")
                ? problems.get(() -> mqtt(root.requiredMap("mqtt"), gatewayId.orElse("gateway"))) : Optional.empty();
        Optional<Optional<String>> gpio = problems.get(() -> gpio(root.map("gpio")));

        List<ConfigMap> sensorMaps = !required.contains("sensors") ? List.<ConfigMap>of() : problems.get(() -> {
            if (!root.has("sensors")) {
                throw root.missing("sensors");
            }
            List<ConfigMap> maps = root.list("sensors");
            if (maps.isEmpty()) {
                throw root.error("sensors", "lists no sensor; a gateway needs at least one");
            }
            return maps;
        }).orElse(List.of());
        Map<String, Integer> seen = new HashMap<>();
        Map<String, SensorConfig> byPort = new HashMap<>();
        List<SensorConfig> sensors = new java.util.ArrayList<>();
        List<ConfigMap> loadedMaps = new java.util.ArrayList<>();
        for (ConfigMap sensorMap : sensorMaps) {
            Optional<SensorConfig> loaded = problems.get(() -> sensor(sensorMap));
            if (loaded.isEmpty()) {
                continue;
            }
            SensorConfig sensor = loaded.get();
            boolean fits = problems.run(() -> {
                Integer first = seen.putIfAbsent(sensor.id(), sensorMap.line("id"));
                if (first != null) {
                    throw sensorMap.error("id", "duplicate sensor id '" + sensor.id() + "' (first at line " + first + ")");
                }
                boolean i2c = I2cPort.isI2c(sensor.port());
                // Sensors on one port share one bus, so they must agree on its line settings.
                SensorConfig other = byPort.putIfAbsent(i2c ? I2cPort.parse(sensor.port()).toString() : sensor.port(), sensor);
                if (other != null && i2c) {
                    throw sensorMap.error("port", "an I2C address holds one sensor: " + sensor.port() + " is already sensor '"
                            + other.id() + "' (line " + other.line() + ")");
                }
                if (other != null && !other.serial().equals(sensor.serial())) {
                    throw sensorMap.error("port", "shares " + sensor.port() + " with sensor '" + other.id() + "' (line "
                            + other.line() + ") but not its line settings (" + sensor.serial() + " here, " + other.serial()
                            + " there)");
                }
                if (sensor.port().startsWith("gpio:") && gpio.isPresent() && gpio.get().isEmpty()) {
                    throw sensorMap.error("port", "a GPIO sensor needs gpio.platform in the config (gpiod on a Raspberry Pi)");
                }
                if (i2c && gpio.isPresent() && gpio.get().isEmpty()) {
                    throw sensorMap.error("port", "an I2C sensor needs gpio.platform in the config (gpiod on a Raspberry Pi, "
                            + "whose I2C is /dev/i2c-N)");
                }
            });
            if (fits) {
                sensors.add(sensor);
                loadedMaps.add(sensorMap);
            }
        }
        Map<String, SensorConfig> byId = new HashMap<>();
        sensors.forEach(sensor -> byId.put(sensor.id(), sensor));
        if (sensors.size() == sensorMaps.size()) {
            // References to other sensors are judged only when every sensor loaded, lest one broken sensor be reported twice.
            for (int i = 0; i < sensors.size(); i++) {
                ConfigMap sensorMap = loadedMaps.get(i);
                SensorConfig sensor = sensors.get(i);
                problems.run(() -> {
                    checkReferences(sensorMap, sensor, seen.keySet());
                    QualityConfigReader.checkTerms(sensorMap, sensor, byId);
                });
            }
        }
        Optional<Optional<PageConfig>> statusPage = problems.get(() -> statusPage(root.map("status-page")));
        Optional<Optional<StatusLedConfig>> statusLed = gpio.isEmpty() ? Optional.empty()
                : problems.get(() -> statusLed(root.map("status-led"), gpio.get(), sensors));
        Optional<AggregatesConfig> aggregates = problems.get(() -> AggregatesConfigReader.aggregates(root.map("aggregates")));
        // The aqi and alerts sections name sensors: judged only when every sensor loaded, as the references above;
        // alerts also name aqi's indexes.
        boolean sensorsLoaded = sensors.size() == sensorMaps.size();
        Optional<AqiConfig> aqi = sensorsLoaded
                ? problems.get(() -> AggregatesConfigReader.aqi(root.map("aqi"), byId)) : Optional.empty();
        Optional<List<AlertRule>> alerts = aqi.isEmpty() || aggregates.isEmpty() || gpio.isEmpty() || statusLed.isEmpty()
                ? Optional.empty()
                : problems.get(() -> AlertConfigReader.read(root, sensors, aqi.get(), aggregates.get(), gpio.get(),
                statusLed.get()));
        problems.throwIfAny();
        return new GatewayConfig(file, gatewayId.orElseThrow(), site.orElseThrow(), location.orElseThrow(),
                storage.orElseThrow(),
                mqtt.orElseThrow(), gpio.orElseThrow(), List.copyOf(sensors), statusPage.orElseThrow(),
                statusLed.orElseThrow(), aggregates.orElseThrow(), aqi.orElseThrow(), alerts.orElseThrow());
    }

    /** {@code gateway.location: {lat, lon, elevation}}, the elevation optional; WGS 84 degrees and metres. */
    private static Optional<Location> location(ConfigMap gateway) throws ConfigException {
        Optional<ConfigMap> section = gateway.map("location");
        if (section.isEmpty()) {
            return Optional.empty();
        }
        ConfigMap location = section.get();
        location.allowOnly(LOCATION_KEYS);
        for (String key : List.of("lat", "lon")) {
            if (!location.has(key)) {
                throw location.missing(key);
            }
        }
        double lat = location.number("lat", 0);
        if (!Location.latitudeProblem(lat).isEmpty()) {
            throw location.error("lat", Location.latitudeProblem(lat));
        }
        double lon = location.number("lon", 0);
        if (!Location.longitudeProblem(lon).isEmpty()) {
            throw location.error("lon", Location.longitudeProblem(lon));
        }
        OptionalDouble elevation = OptionalDouble.empty();
        if (location.has("elevation")) {
            double metres = location.number("elevation", 0);
            if (!Location.elevationProblem(metres).isEmpty()) {
                throw location.error("elevation", Location.elevationProblem(metres));
            }
            elevation = OptionalDouble.of(metres);
        }
        return Optional.of(new Location(lat, lon, elevation));
    }

    private static StorageConfig storage(Optional<ConfigMap> section) throws ConfigException {
        if (section.isEmpty()) {
            return new StorageConfig(Path.of("/var/lib/envgate"), StorageConfig.DEFAULT_MAX_SIZE,
                    StorageConfig.WhenFull.DROP_OLDEST);
        }
        ConfigMap storage = section.get();
        storage.allowOnly(STORAGE_KEYS);
        Path path = storage.path("path").orElse(Path.of("/var/lib/envgate"));
        long maxSize = storage.size("max-size", StorageConfig.DEFAULT_MAX_SIZE);
        if (maxSize < (1L << 20)) {
            throw storage.error("max-size", "must be at least 1MB");
        }
        return new StorageConfig(path, maxSize,
                storage.choice("when-full", StorageConfig.WhenFull.class, StorageConfig.WhenFull.DROP_OLDEST),
                storage.size("min-free", StorageConfig.DEFAULT_MIN_FREE));
    }

    /** Options that name another sensor (e.g. {@code temperature-from}) must name one of this config's. */
    private static void checkReferences(ConfigMap sensorMap, SensorConfig sensor, Set<String> ids) throws ConfigException {
        for (String key : sensor.provider().sensorReferenceKeys()) {
            Optional<String> named = sensorMap.text(key);
            if (named.isPresent() && (!ids.contains(named.get()) || named.get().equals(sensor.id()))) {
                throw sensorMap.error(key, "'" + named.get() + "' is not another sensor of this gateway (sensors: "
                        + String.join(", ", new TreeSet<>(ids)) + ")");
            }
        }
    }

    private static Optional<String> gpio(Optional<ConfigMap> section) throws ConfigException {
        if (section.isEmpty()) {
            return Optional.empty();
        }
        ConfigMap gpio = section.get();
        gpio.allowOnly(GPIO_KEYS);
        String platform = gpio.requiredText("platform");
        if (!GpioPlatforms.NAMES.contains(platform)) {
            throw gpio.error("platform", "'" + platform + "' is not one of " + String.join(", ", GpioPlatforms.NAMES));
        }
        return Optional.of(platform);
    }

    private static Optional<PageConfig> statusPage(Optional<ConfigMap> section) throws ConfigException {
        if (section.isEmpty()) {
            return Optional.empty();
        }
        ConfigMap page = section.get();
        page.allowOnly(STATUS_PAGE_KEYS);
        return Optional.of(PageConfig.read(page, "127.0.0.1:8080 (this machine only), 192.168.4.1:8080 (one network of "
                + "the station) or 0.0.0.0:8443 (every network, with HTTPS)"));
    }

    private static Optional<StatusLedConfig> statusLed(Optional<ConfigMap> section, Optional<String> gpioPlatform,
                                                       List<SensorConfig> sensors) throws ConfigException {
        if (section.isEmpty()) {
            return Optional.empty();
        }
        ConfigMap led = section.get();
        led.allowOnly(STATUS_LED_KEYS);
        if (!led.has("pin")) {
            throw led.missing("pin");
        }
        int pin = led.integer("pin", 0, 0, StatusLedConfig.MAX_PIN);
        if (gpioPlatform.isEmpty()) {
            throw led.error("pin", "the status LED needs gpio.platform in the config (gpiod on a Raspberry Pi)");
        }
        for (SensorConfig sensor : sensors) {
            if (sensor.port().equals("gpio:" + pin)) {
                throw led.error("pin", "BCM " + pin + " is already the port of sensor '" + sensor.id() + "' (line "
                        + sensor.line() + ")");
            }
        }
        return Optional.of(new StatusLedConfig(pin, led.line("pin")));
    }

    private static MqttConfig mqtt(ConfigMap mqtt, String gatewayId) throws ConfigException {
        mqtt.allowOnly(MQTT_KEYS);
        String url = mqtt.requiredText("url");
        try {
            URI uri = new URI(url);
            if (!("tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme())) || uri.getHost() == null
                    || (uri.getPath() != null && !uri.getPath().isEmpty())) {
                throw mqtt.error("url", "'" + url + "' must be tcp://host:port or ssl://host:port");
            }
        } catch (URISyntaxException e) {
            throw mqtt.error("url", "'" + url + "' is not a URL: " + e.getReason());
        }
        String prefix = mqtt.text("topic-prefix", "envgate");
        if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("+") || prefix.contains("#")) {
            throw mqtt.error("topic-prefix", "'" + prefix + "' must have no wildcards and no leading or trailing '/'");
        }
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
        return new MqttConfig(url, prefix, mqtt.text("client-id", "envgate-" + gatewayId), username, passwordFile,
                caFile, certFile, keyFile, mqtt.integer("batch-size", 500, 1, 10_000),
                mqtt.integer("max-in-flight", 20, 1, 1_000),
                mqtt.positiveDuration("keep-alive", Duration.ofSeconds(60)),
                mqtt.positiveDuration("reconnect-max", Duration.ofMinutes(2)),
                mqtt.positiveDuration("health-interval", Duration.ofSeconds(60)));
    }

    private SensorConfig sensor(ConfigMap sensor) throws ConfigException {
        String id = sensor.id("id", Reading.ID);
        String model = sensor.requiredText("model");
        SensorDriverProvider provider = drivers.find(model).orElseThrow(() -> sensor.error("model",
                "unknown model '" + model + "' (known: " + String.join(", ", drivers.models()) + ")"));
        Set<String> known = new HashSet<>(SENSOR_KEYS);
        known.addAll(provider.optionKeys());
        sensor.allowOnly(known);

        String port = sensor.requiredText("port");
        try {
            provider.checkPort(port);
        } catch (OptionException e) {
            throw sensor.error("port", e.getMessage());
        }
        Duration interval = sensor.positiveDuration("interval", DEFAULT_INTERVAL);
        Duration warmUp = sensor.duration("warm-up", provider.defaultWarmUp());

        SerialSettings defaults = provider.defaultSerialSettings();
        int stopBits = sensor.integer("stop-bits", defaults.stopBits(), 1, 2);
        SerialSettings serial = new SerialSettings(
                sensor.integer("baud", defaults.baud(), 50, 4_000_000),
                sensor.integer("data-bits", defaults.dataBits(), 5, 8),
                sensor.choice("parity", Parity.class, defaults.parity()),
                stopBits);

        ConfigDriverOptions options = new ConfigDriverOptions(sensor);
        SensorSpec spec = new SensorSpec(id, port, serial);
        try {
            RangeCheckedDriver.create(provider, spec, options);
        } catch (ConfigDriverOptions.Invalid e) {
            throw e.problem;
        } catch (OptionException e) {
            throw sensor.errorAt(e.key(), e.getMessage());
        }
        options.checkItemsFullyRead();
        SensorQuality quality = QualityConfigReader.read(sensor, model, provider.quantities(options),
                RangeCheckedDriver.ranges(provider, options));
        return new SensorConfig(spec, provider, interval, warmUp, options, sensor.line(), quality);
    }
}
