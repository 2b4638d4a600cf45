package org.envgate.gateway.alert;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Consumer;
import org.envgate.common.LogText;
import org.envgate.gateway.alert.AlertRule.Measure;
import org.envgate.gateway.buffer.BufferException;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.clock.TakenReading;
import org.envgate.wire.Aggregates;
import org.envgate.wire.AlertEvent;
import org.envgate.wire.QcFlag;
import org.envgate.wire.Reading;
import org.envgate.wire.StationIndex;
import org.envgate.wire.WindowStats;
import org.tinylog.Logger;

/**
 * The alerts stage, after quality control: every reading goes on to {@code next} unchanged, and
 * feeds the rules' {@link AlertEngine}. A raise or clear drives the rule's GPIO output at once
 * (the uplink plays no part, so a siren sounds with the link down), then is queued in the
 * buffer's outbox on {@code alerts/<rule>}, retained, in the same transaction that records the
 * rule's state in the table {@code alert_state}: the broker gets every event in order, at least
 * once, and keeps the latest; after a restart each rule starts in the state of its latest event.
 *
 * <p>Rules on the station's index ({@code _station/aqi_vn_1h} ...) and on a window's mean
 * ({@code pm/pm2_5/mean_1h}) are fed the values each averaging run makes
 * ({@link #acceptAggregates}). Such a value's time is its window's start, as
 * on {@code P/G/aggregates}: durations ({@code for}, {@code clear-for}) run from window start to
 * window start, and an event carries the start of the window that completed it. Each window is
 * judged once, in window order: a window sent again for late readings (same start) or older than
 * one already judged is not fed again, so a corrected index never raises a second time.
 */
public final class AlertStage implements Consumer<TakenReading> {

    /** The Pi4J id of a rule's output. */
    public static String outputId(String rule) {
        return "envgate-alert-" + rule;
    }

    private final ReadingBuffer buffer;
    private final Consumer<TakenReading> next;
    private final Runnable queued;
    private final Map<String, DigitalOutput> outputs = new HashMap<>();
    private final Map<String, AlertRule> rulesById = new HashMap<>();
    private final AlertEngine engine;
    /** The rules raised now, by id. */
    private final Map<String, RaisedAlert> raisedNow = new HashMap<>();
    /** For each station source, the start of the newest window the rules were fed. */
    private final Map<String, Long> newestWindow = new HashMap<>();

    /**
     * @param gpio   the configured GPIO platform, for rules with {@code gpio-out}
     * @param next   receives every reading, after it was judged
     * @param queued told when an event was queued, e.g. to wake the uplink
     * @throws BufferException when the rules' saved states cannot be read
     */
    public AlertStage(List<AlertRule> rules, ReadingBuffer buffer, Optional<Context> gpio, String configFile,
                      Consumer<TakenReading> next, Runnable queued) throws BufferException {
        this.buffer = buffer;
        this.next = next;
        this.queued = queued;
        Map<String, Saved> saved = savedStates(buffer);
        Map<String, Boolean> raised = new HashMap<>();
        saved.forEach((rule, state) -> raised.put(rule, state.raised()));
        for (AlertRule rule : rules) {
            rulesById.put(rule.id(), rule);
            Saved last = saved.get(rule.id());
            if (last != null && last.raised()) {
                raisedNow.put(rule.id(), new RaisedAlert(rule, last.timeMillis(), last.value(), last.threshold()));
            }
            if (last != null && AlertEvent.STATION_SOURCES.contains(rule.source())) {
                // An index rule's last event is at a window start: that window and the older ones were judged.
                newestWindow.merge(rule.source(), last.timeMillis(), Math::max);
            }
            if (rule.gpioOut().isPresent() && gpio.isPresent()) {
                openOutput(gpio.get(), rule, raised.getOrDefault(rule.id(), false), configFile);
            }
        }
        this.engine = new AlertEngine(rules, raised, this::transition);
    }

    /** A rule's latest event as {@code alert_state} keeps it; value and threshold are NULL in a row written before they were kept. */
    private record Saved(boolean raised, long timeMillis, OptionalDouble value, OptionalDouble threshold) {
    }

    private static Map<String, Saved> savedStates(ReadingBuffer buffer) throws BufferException {
        return buffer.transaction(db -> {
            Map<String, Saved> saved = new HashMap<>();
            try (Statement st = db.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS alert_state (rule TEXT PRIMARY KEY, raised INTEGER NOT NULL, "
                        + "t INTEGER NOT NULL, value REAL, threshold REAL)");
                addValueColumns(st);
                try (ResultSet rs = st.executeQuery("SELECT rule, raised, t, value, threshold FROM alert_state")) {
                    while (rs.next()) {
                        saved.put(rs.getString(1), new Saved(rs.getInt(2) != 0, rs.getLong(3), nullable(rs, 4),
                                nullable(rs, 5)));
                    }
                }
            }
            return saved;
        });
    }

    /** A buffer whose {@code alert_state} was made before it kept each event's value gets the columns, empty. */
    private static void addValueColumns(Statement st) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (ResultSet rs = st.executeQuery("PRAGMA table_info(alert_state)")) {
            while (rs.next()) {
                columns.add(rs.getString("name"));
            }
        }
        for (String column : List.of("value", "threshold")) {
            if (!columns.contains(column)) {
                st.execute("ALTER TABLE alert_state ADD COLUMN " + column + " REAL");
            }
        }
    }

    private static OptionalDouble nullable(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private void openOutput(Context gpio, AlertRule rule, boolean raised, String configFile) {
        int pin = rule.gpioOut().orElseThrow();
        try {
            DigitalOutput output = gpio.create(DigitalOutput.newConfigBuilder(gpio)
                    .id(outputId(rule.id()))
                    .name("alert " + rule.id())
                    .address(pin)
                    .initial(raised ? DigitalState.HIGH : DigitalState.LOW)
                    .shutdown(DigitalState.LOW)
                    .build());
            outputs.put(rule.id(), output);
        } catch (RuntimeException e) {
            Logger.error("alert {}: gpio-out {} ({}:{}) cannot be an output: {}; the alert is sent without it",
                    rule.id(), pin, configFile, rule.line(), LogText.untrusted(e.getMessage()));
        }
    }

    @Override
    public synchronized void accept(TakenReading taken) {
        next.accept(taken);
        Reading reading = taken.reading();
        engine.observe(reading.sensor() + "/" + reading.quantity().id(), reading.value(), reading.quality().flag(),
                taken.monoMillis(), reading.timeMillis());
    }

    /**
     * Feeds the rules on the station's index and on windows' means with what one averaging run
     * made, oldest window first; windows not newer than one already fed are skipped.
     */
    public synchronized void acceptAggregates(Aggregates made) {
        List<WindowValue> values = new ArrayList<>();
        for (StationIndex index : made.indexes()) {
            values.add(new WindowValue(index.recordName(), index.startMillis(), index.value()));
        }
        for (WindowStats window : made.windows()) {
            if (window.count() > 0) {
                values.add(new WindowValue(window.recordName(WindowStats.Stat.MEAN), window.startMillis(), window.mean()));
            }
        }
        values.sort(Comparator.comparingLong(WindowValue::startMillis));
        for (WindowValue window : values) {
            Long newest = newestWindow.get(window.source());
            if (newest != null && window.startMillis() <= newest) {
                continue;
            }
            newestWindow.put(window.source(), window.startMillis());
            engine.observe(window.source(), window.value(), QcFlag.PASS, window.startMillis(), window.startMillis());
        }
    }

    /** An index or a mean of one window, named as its record on {@code P/G/aggregates}. */
    private record WindowValue(String source, long startMillis, double value) {
    }

    /** True when the rule is raised now. */
    public synchronized boolean isRaised(String rule) {
        return engine.isRaised(rule);
    }

    /** The rules raised now, the most severe first, then the longest raised. */
    public synchronized List<RaisedAlert> raised() {
        return raisedNow.values().stream().sorted(RaisedAlert.MOST_SEVERE_FIRST).toList();
    }

    private void transition(AlertEvent event) {
        DigitalOutput output = outputs.get(event.rule());
        if (output != null) {
            try {
                output.state(event.raised() ? DigitalState.HIGH : DigitalState.LOW);
            } catch (RuntimeException e) {
                Logger.error("alert {}: cannot drive its GPIO output: {}", event.rule(),
                        LogText.untrusted(e.getMessage()));
            }
        }
        AlertRule rule = rulesById.get(event.rule());
        if (event.raised()) {
            raisedNow.put(rule.id(), RaisedAlert.of(rule, event));
        } else {
            raisedNow.remove(rule.id());
        }
        String unit = rule.measure() == Measure.RATE ? " per minute" : "";
        Logger.warn("alert {} {}: {} {} {}{} (threshold {}{}), severity {}", event.rule(), event.state(), event.source(),
                event.raised() ? "at" : "back at", event.value(), unit, event.threshold(), unit, event.severity().key());
        try {
            buffer.transaction(db -> {
                ReadingBuffer.queueOutgoing(db, "alerts/" + event.rule(), true, event.toJson());
                try (PreparedStatement save = db.prepareStatement(
                        "INSERT OR REPLACE INTO alert_state (rule, raised, t, value, threshold) VALUES (?, ?, ?, ?, ?)")) {
                    save.setString(1, event.rule());
                    save.setInt(2, event.raised() ? 1 : 0);
                    save.setLong(3, event.timeMillis());
                    save.setDouble(4, event.value());
                    save.setDouble(5, event.threshold());
                    save.executeUpdate();
                }
                return null;
            });
            queued.run();
        } catch (BufferException e) {
            Logger.error("alert {} {}: not queued for the broker: {}", event.rule(), event.state(),
                    LogText.untrusted(e.getMessage(), 200));
        }
    }
}
