package org.envgate.simulator.scenario;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.envgate.common.config.ConfigException;
import org.envgate.common.config.ConfigFiles;
import org.envgate.common.config.ConfigMap;
import org.envgate.common.config.Units;
import org.envgate.drivers.pulse.RainGauge;
import org.envgate.simulator.Numbers;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;

/**
 * Reads a scenario file; every problem names the file, the line and the key. GPIO sensors (rain
 * gauges, flow meters) are only taken by {@link #inProcess()}: their twins must share the
 * gateway's process.
 */
public final class ScenarioLoader {

    static final Set<String> TOP_KEYS = Set.of("scenario", "seed", "time-factor", "start", "gateway", "sensors",
            "aggregates", "aqi", "alerts");
    /** Gateway config sections of the whole station, copied as they are into the emitted config. */
    static final List<String> STATION_SECTIONS = List.of("aggregates", "aqi", "alerts");
    static final Set<String> GATEWAY_KEYS = Set.of("id", "site");
    static final Set<String> SENSOR_KEYS = Set.of("id", "model", "port", "interval", "warm-up", "options",
            "signals", "events", "faults", "qc", "calibration");
    /** Gateway config sections a scenario sensor may carry, copied as they are into the emitted config. */
    static final List<String> GATEWAY_SECTIONS = List.of("qc", "calibration");
    static final Set<String> SIGNAL_KEYS = Set.of("baseline", "daily-amplitude", "peak-hour", "noise", "trend-per-day");
    static final Set<String> EVENT_KEYS = Set.of("at", "for", "kind", "quantity", "add");
    static final Set<String> SPIKE_KEYS = Set.of("at", "kind", "quantity", "add");
    static final Set<String> DRIFT_KEYS = Set.of("at", "for", "kind", "quantity", "per-hour");
    static final String MM_PER_HOUR = "mm-per-hour";
    static final String LITRES_PER_MINUTE = "litres-per-minute";
    static final Set<String> FAULT_KEYS = Set.of("at", "for", "kind", "delay");
    private static final Pattern PORT = Pattern.compile("pty|pty:[a-z0-9-]+|tcp:[0-9]{1,5}");
    private static final Pattern GPIO_PORT = Pattern.compile("gpio:([0-9]|1[0-9]|2[0-7])");

    private final Map<String, TwinProvider> providers;
    private final boolean gpio;

    /** For {@code serve --scenario}: a GPIO sensor is refused, with a pointer to {@code envgate demo --scenario}. */
    public ScenarioLoader() {
        this(TwinProvider.all(), false);
    }

    ScenarioLoader(Map<String, TwinProvider> providers, boolean gpio) {
        this.providers = providers;
        this.gpio = gpio;
    }

    /** For a scenario run in the gateway's own process, where GPIO sensors can be simulated. */
    public static ScenarioLoader inProcess() {
        return new ScenarioLoader(TwinProvider.all(), true);
    }

    public Scenario load(Path file) throws ConfigException {
        return parse(file.toString(), ConfigFiles.read(file));
    }

    public Scenario parse(String file, String text) throws ConfigException {
        ConfigMap root = ConfigMap.parse(file, text);
        root.allowOnly(TOP_KEYS);
        String name = root.id("scenario", Reading.ID);
        long seed = seed(root);
        double timeFactor = root.number("time-factor", 1);
        if (timeFactor <= 0) {
            throw root.error("time-factor", "must be above 0 (60 runs an hour in a minute)");
        }
        Duration start = root.duration("start", Duration.ZERO);
        if (start.compareTo(Duration.ofHours(24)) >= 0) {
            throw root.error("start", "is the time of day the scenario starts at, under 24h (e.g. 6h)");
        }
        ConfigMap gateway = root.requiredMap("gateway");
        gateway.allowOnly(GATEWAY_KEYS);
        String gatewayId = gateway.id("id", Reading.ID);
        String site = gateway.text("site", "");
        if (!root.has("sensors")) {
            throw root.missing("sensors");
        }
        List<ConfigMap> sensorMaps = root.list("sensors");
        if (sensorMaps.isEmpty()) {
            throw root.error("sensors", "lists no sensor");
        }
        List<ScenarioSensor> sensors = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        Map<String, ScenarioSensor> byEndpoint = new HashMap<>();
        for (ConfigMap sensorMap : sensorMaps) {
            ScenarioSensor sensor = sensor(sensorMap, timeFactor);
            Integer first = ids.putIfAbsent(sensor.id(), sensor.line());
            if (first != null) {
                throw sensorMap.error("id", "duplicate sensor id '" + sensor.id() + "' (first at line " + first + ")");
            }
            ScenarioSensor other = byEndpoint.putIfAbsent(sensor.endpoint(), sensor);
            if (other != null && ScenarioPulses.isPulse(sensor.model())) {
                throw sensorMap.error("port", "is " + sensor.port() + " of sensor '" + other.id() + "' (line "
                        + other.line() + ") too; every GPIO sensor needs a pin of its own");
            }
            if (other != null && !(ScenarioTwins.canShare(providers.get(sensor.model()))
                    && ScenarioTwins.canShare(providers.get(other.model())))) {
                throw sensorMap.error("port", "shares " + sensor.port() + " with sensor '" + other.id() + "' (line "
                        + other.line() + "), but only Modbus slaves can share a line");
            }
            sensors.add(sensor);
        }
        StationAveraging averaging = averaging(root);
        Map<String, String> stationSections = new LinkedHashMap<>();
        for (String key : STATION_SECTIONS) {
            if (root.has(key)) {
                if (key.equals("alerts")) {
                    root.list(key);
                } else {
                    root.requiredMap(key);
                }
                stationSections.put(key, root.flowText(key));
            }
        }
        return new Scenario(file, name, seed, timeFactor, start, gatewayId, site, sensors, stationSections, averaging);
    }

    /**
     * The windows, zone and index sensors the expected averages are computed for. The gateway
     * checks these sections in full when it loads the emitted config; only what the simulator
     * uses is read here.
     */
    private static StationAveraging averaging(ConfigMap root) throws ConfigException {
        StationAveraging defaults = StationAveraging.defaults();
        List<Duration> windows = defaults.windows();
        ZoneId zone = defaults.zone();
        Optional<ConfigMap> aggregates = root.map("aggregates");
        if (aggregates.isPresent()) {
            ConfigMap map = aggregates.get();
            if (map.has("windows")) {
                windows = new ArrayList<>();
                for (String word : map.words("windows")) {
                    Duration window = Units.parseDuration(word).filter(w -> !w.isZero()
                                    && w.toMillis() % 60_000 == 0 && Duration.ofDays(1).toMillis() % w.toMillis() == 0)
                            .orElseThrow(() -> map.error("windows", "'" + word + "' is not a whole number of minutes "
                                    + "that divides a day (e.g. 1m, 15m, 1h, 24h)"));
                    windows.add(window);
                }
            }
            Optional<String> zoneName = map.text("time-zone");
            if (zoneName.isPresent()) {
                try {
                    zone = ZoneId.of(zoneName.get());
                } catch (DateTimeException e) {
                    throw map.error("time-zone", "'" + zoneName.get() + "' is not a time zone (write e.g. Asia/Ho_Chi_Minh)");
                }
            }
        }
        List<String> indexes = List.of();
        Map<Quantity, String> pollutants = new EnumMap<>(Quantity.class);
        Optional<ConfigMap> aqi = root.map("aqi");
        if (aqi.isPresent()) {
            indexes = aqi.get().words("indexes");
            for (String index : indexes) {
                if (!StationIndex.INDEXES.contains(index)) {
                    throw aqi.get().error("indexes", "'" + index + "' is not an index (vn, us)");
                }
            }
            for (Quantity pollutant : List.of(Quantity.PM2_5, Quantity.PM10)) {
                Optional<String> sensor = aqi.get().text(pollutant.id());
                if (sensor.isPresent()) {
                    pollutants.put(pollutant, sensor.get());
                }
            }
        }
        return new StationAveraging(windows, zone, indexes, pollutants);
    }

    private static long seed(ConfigMap root) throws ConfigException {
        Optional<String> text = root.text("seed");
        if (text.isEmpty()) {
            return 1;
        }
        try {
            return Long.parseLong(text.get());
        } catch (NumberFormatException e) {
            throw root.error("seed", "'" + text.get() + "' is not a whole number");
        }
    }

    private ScenarioSensor sensor(ConfigMap map, double timeFactor) throws ConfigException {
        map.allowOnly(SENSOR_KEYS);
        String id = map.id("id", Reading.ID);
        String model = map.requiredText("model");
        if (ScenarioPulses.isPulse(model)) {
            if (!gpio) {
                throw map.error("model", model + " is a GPIO sensor, and a simulator in another process cannot reach "
                        + "the gateway's GPIO: run this scenario in one process with 'envgate demo --scenario "
                        + map.file() + "'");
            }
            return pulseSensor(map, id, model, timeFactor);
        }
        TwinProvider provider = providers.get(model);
        if (provider == null) {
            throw map.error("model", "no twin for '" + model + "' (twins: " + String.join(", ", providers.keySet())
                    + (gpio ? ", rain-gauge, flow-meter" : "") + "; 1-wire sensors cannot be simulated in a scenario)");
        }
        String port = map.text("port", "pty");
        if (!PORT.matcher(port).matches() || (port.startsWith("tcp:") && Integer.parseInt(port.substring(4)) > 65535)) {
            throw map.error("port", "'" + port + "' must be pty, pty:NAME (a line shared by Modbus slaves) or tcp:PORT (0 to 65535)");
        }
        Duration interval = map.positiveDuration("interval", Duration.ofSeconds(10));
        Duration warmUp = map.duration("warm-up", Duration.ZERO);
        Map<String, String> options = options(map);
        try {
            provider.create(TwinOptions.defaults(), options);
        } catch (RuntimeException e) {
            throw map.error("options", "the " + model + " twin cannot take these options: " + e.getMessage());
        }
        Map<Quantity, SignalSpec> signals = signals(map);
        for (Quantity quantity : signals.keySet()) {
            Set<Quantity> dictated = provider.dictated(options);
            if (!dictated.contains(quantity)) {
                throw map.map("signals").orElseThrow().error(quantity.id(), "the " + model + " twin cannot be given "
                        + quantity.id() + " (it can: " + String.join(", ", new TreeSet<>(dictated.stream()
                        .map(Quantity::id).toList())) + ")");
            }
        }
        List<ScenarioEvent> events = new ArrayList<>();
        for (ConfigMap event : map.list("events")) {
            events.add(event(event, signals.keySet()));
        }
        List<ScheduledFault> faults = new ArrayList<>();
        for (ConfigMap faultMap : map.list("faults")) {
            ScheduledFault fault = fault(faultMap);
            if (fault.kind().fault != null && !provider.faults().contains(fault.kind().fault)
                    && fault.kind() != ScheduledFault.Kind.SILENCE && fault.kind() != ScheduledFault.Kind.UNPLUG
                    && fault.kind() != ScheduledFault.Kind.WRONG_LINE_SETTINGS) {
                throw faultMap.error("kind", "the " + model + " twin cannot show " + ConfigMap.kebab(fault.kind())
                        + " (its protocol or driver has no such thing)");
            }
            faults.add(fault);
        }
        Map<String, String> gatewaySections = new LinkedHashMap<>();
        for (String key : GATEWAY_SECTIONS) {
            if (map.has(key)) {
                map.requiredMap(key);
                gatewaySections.put(key, map.flowText(key));
            }
        }
        return new ScenarioSensor(id, model, port, interval, warmUp, options, signals, events, faults, gatewaySections,
                map.line());
    }

    private static Map<String, String> options(ConfigMap map) throws ConfigException {
        Map<String, String> options = new LinkedHashMap<>();
        Optional<ConfigMap> section = map.map("options");
        if (section.isPresent()) {
            for (String key : section.get().keys()) {
                options.put(key, section.get().isList(key) ? section.get().flowText(key) : section.get().requiredText(key));
            }
        }
        return options;
    }

    private static Map<Quantity, SignalSpec> signals(ConfigMap map) throws ConfigException {
        Map<Quantity, SignalSpec> signals = new EnumMap<>(Quantity.class);
        Optional<ConfigMap> section = map.map("signals");
        if (section.isEmpty()) {
            return signals;
        }
        for (String key : section.get().keys()) {
            Quantity quantity = quantity(section.get(), key, key);
            ConfigMap signal = section.get().requiredMap(key);
            signal.allowOnly(SIGNAL_KEYS);
            if (!signal.has("baseline")) {
                throw signal.missing("baseline");
            }
            double peakHour = signal.number("peak-hour", 12);
            if (peakHour < 0 || peakHour >= 24) {
                throw signal.error("peak-hour", "must be an hour of the day, 0 to under 24");
            }
            double noise = signal.number("noise", 0);
            if (noise < 0) {
                throw signal.error("noise", "must be 0 or more");
            }
            signals.put(quantity, new SignalSpec(signal.number("baseline", 0), signal.number("daily-amplitude", 0),
                    peakHour, noise, signal.number("trend-per-day", 0)));
        }
        return signals;
    }

    private static Quantity quantity(ConfigMap map, String key, String id) throws ConfigException {
        return Quantity.byId(id).orElseThrow(() -> map.error(key, "'" + id + "' is not a quantity (known: "
                + String.join(", ", new TreeSet<>(java.util.Arrays.stream(Quantity.values()).map(Quantity::id).toList())) + ")"));
    }

    private static ScenarioEvent event(ConfigMap map, Set<Quantity> signalled) throws ConfigException {
        ScenarioEvent.Kind kind = required(map, "kind", ScenarioEvent.Kind.class);
        if (kind == ScenarioEvent.Kind.RAIN || kind == ScenarioEvent.Kind.FLOW) {
            throw map.error("kind", "a " + ConfigMap.kebab(kind) + " event is for a "
                    + (kind == ScenarioEvent.Kind.RAIN ? ScenarioPulses.RAIN_GAUGE : ScenarioPulses.FLOW_METER)
                    + "; this sensor's events are episode, rise, spike or drift");
        }
        map.allowOnly(kind == ScenarioEvent.Kind.SPIKE ? SPIKE_KEYS : kind == ScenarioEvent.Kind.DRIFT ? DRIFT_KEYS : EVENT_KEYS);
        Quantity quantity = quantity(map, "quantity", map.requiredText("quantity"));
        if (!signalled.contains(quantity)) {
            throw map.error("quantity", quantity.id() + " has no entry under signals; an event changes a signal");
        }
        String amountKey = kind == ScenarioEvent.Kind.DRIFT ? "per-hour" : "add";
        if (!map.has(amountKey)) {
            throw map.missing(amountKey);
        }
        Duration length = kind == ScenarioEvent.Kind.SPIKE ? Duration.ZERO : requiredPositive(map, "for");
        return new ScenarioEvent(kind, quantity, requiredDuration(map, "at"), length, map.number(amountKey, 0));
    }

    /** A rain gauge or flow meter: a GPIO pin, the pulse drivers' options, and rain or flow events instead of signals. */
    private static ScenarioSensor pulseSensor(ConfigMap map, String id, String model, double timeFactor)
            throws ConfigException {
        boolean rain = model.equals(ScenarioPulses.RAIN_GAUGE);
        if (!map.has("port")) {
            throw map.missing("port");
        }
        String port = map.requiredText("port");
        if (!GPIO_PORT.matcher(port).matches()) {
            throw map.error("port", "'" + port + "' must be gpio:PIN, a BCM number 0 to 27 (a " + model + " is read from a GPIO)");
        }
        String what = rain ? "rain" : "flow";
        if (map.has("signals")) {
            throw map.error("signals", "a " + model + " has no signal: its pulses come from its " + what + " events");
        }
        if (map.has("faults")) {
            throw map.error("faults", "a " + model + " twin cannot be given scheduled faults");
        }
        Duration interval = map.positiveDuration("interval", Duration.ofSeconds(10));
        Duration warmUp = map.duration("warm-up", Duration.ZERO);
        Map<String, String> options = options(map);
        Optional<ConfigMap> section = map.map("options");
        if (section.isPresent()) {
            Set<String> known = new HashSet<>(ScenarioPulses.LINE_KEYS);
            known.addAll(rain ? Set.of(ScenarioPulses.MM_PER_TIP) : Set.of(ScenarioPulses.PULSES_PER_LITRE, ScenarioPulses.MAX_FLOW));
            section.get().allowOnly(known);
            section.get().duration("debounce", Duration.ZERO);
            if (rain) {
                double mm = section.get().number(ScenarioPulses.MM_PER_TIP, 1);
                if (!(mm > 0 && mm <= 10)) {
                    throw section.get().error(ScenarioPulses.MM_PER_TIP, "must be above 0 and at most 10 (mm of rain a tip)");
                }
            } else {
                for (String key : List.of(ScenarioPulses.PULSES_PER_LITRE, ScenarioPulses.MAX_FLOW)) {
                    if (!(section.get().number(key, 1) > 0)) {
                        throw section.get().error(key, "must be above 0");
                    }
                }
            }
        }
        ScenarioEvent.Kind kind = rain ? ScenarioEvent.Kind.RAIN : ScenarioEvent.Kind.FLOW;
        String amountKey = rain ? MM_PER_HOUR : LITRES_PER_MINUTE;
        List<ConfigMap> eventMaps = map.list("events");
        List<ScenarioEvent> events = new ArrayList<>();
        for (ConfigMap event : eventMaps) {
            if (required(event, "kind", ScenarioEvent.Kind.class) != kind) {
                throw event.error("kind", "a " + model + " takes " + what + " events: {at: 1h, for: 30m, kind: " + what
                        + ", " + amountKey + ": " + (rain ? "12" : "8") + "}");
            }
            event.allowOnly(Set.of("at", "for", "kind", amountKey));
            if (!event.has(amountKey)) {
                throw event.missing(amountKey);
            }
            double amount = event.number(amountKey, 0);
            if (!(amount > 0)) {
                throw event.error(amountKey, "must be above 0");
            }
            events.add(new ScenarioEvent(kind, rain ? Quantity.RAINFALL : Quantity.FLOW, requiredDuration(event, "at"),
                    requiredPositive(event, "for"), amount));
        }
        ScenarioSensor sensor = new ScenarioSensor(id, model, port, interval, warmUp, options, Map.of(), events,
                List.of(), Map.of(), map.line());
        // The rate peaks where an event starts; there, all events under way add up.
        for (int i = 0; i < events.size(); i++) {
            double rate = ScenarioPulses.rate(sensor, events.get(i).at().toMillis());
            ConfigMap at = eventMaps.get(i);
            if (rain) {
                double mmPerTip = ScenarioPulses.mmPerTip(options);
                double tipsPerMinute = rate * timeFactor / 60 / mmPerTip;
                if (tipsPerMinute > RainGauge.MAX_TIPS_PER_MINUTE) {
                    throw at.error(MM_PER_HOUR, String.format(Locale.ROOT, "%s mm/h at time-factor %s is %.0f tips of "
                                    + "%s mm a real minute, more than the %d a minute the rain-gauge driver takes for rain: "
                                    + "lower the rain or the time-factor, or raise mm-per-tip", Numbers.plain(rate), Numbers.plain(timeFactor),
                            tipsPerMinute, Numbers.plain(mmPerTip), RainGauge.MAX_TIPS_PER_MINUTE));
                }
            } else if (rate > ScenarioPulses.maxFlow(options)) {
                throw at.error(LITRES_PER_MINUTE, Numbers.plain(rate) + " l/min is over the meter's max-flow of "
                        + Numbers.plain(ScenarioPulses.maxFlow(options)) + " l/min");
            }
        }
        return sensor;
    }

    private static ScheduledFault fault(ConfigMap map) throws ConfigException {
        map.allowOnly(FAULT_KEYS);
        ScheduledFault.Kind kind = required(map, "kind", ScheduledFault.Kind.class);
        Duration delay = map.duration("delay", Duration.ZERO);
        if (kind == ScheduledFault.Kind.SLOW && delay.isZero()) {
            throw map.has("delay") ? map.error("delay", "must be longer than 0") : map.missing("delay");
        }
        if (kind != ScheduledFault.Kind.SLOW && map.has("delay")) {
            throw map.error("delay", "only a slow fault has a delay");
        }
        return new ScheduledFault(kind, requiredDuration(map, "at"), requiredPositive(map, "for"), delay);
    }

    private static <E extends Enum<E>> E required(ConfigMap map, String key, Class<E> type) throws ConfigException {
        if (!map.has(key)) {
            throw map.missing(key);
        }
        return map.choice(key, type, null);
    }

    private static Duration requiredDuration(ConfigMap map, String key) throws ConfigException {
        if (!map.has(key)) {
            throw map.missing(key);
        }
        return map.duration(key, Duration.ZERO);
    }

    private static Duration requiredPositive(ConfigMap map, String key) throws ConfigException {
        if (!map.has(key)) {
            throw map.missing(key);
        }
        return map.positiveDuration(key, Duration.ZERO);
    }
}
