package org.envgate.gateway.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.envgate.gateway.alert.AlertRule.Measure;
import org.envgate.wire.AlertEvent;
import org.envgate.wire.QcFlag;

/**
 * The alert rules' state machines. Each rule is cleared or raised; a reading of its source past
 * the threshold starts a run, and the rule raises once the run has lasted {@code for} (measured
 * from the run's first reading to its latest); raised, a reading back past {@code clear} starts a
 * run that clears it after {@code clear-for}. A reading on neither side ends the run. Exactly one
 * event per transition.
 *
 * <p>Only readings that passed quality control (flag 1) count: a suspect or failed reading, or one
 * not evaluated (a sensor warming up), neither raises, clears, nor breaks a run, so a faulty sensor
 * cannot sound a siren and a single doubtful reading cannot silence one. Durations are measured on
 * the readings' monotonic stamps, which a clock set by NTP does not move.
 *
 * <p>A rate rule judges, at each passed reading, the change per minute since the newest passed
 * reading at least a minute older ({@link RatePerMinute}); a reading with no such reading before
 * it (the first minute after a start) has no rate and, like a doubtful one, changes nothing.
 * Its events carry that rate as {@code value} and the rate threshold crossed as {@code threshold}.
 *
 * <p>Not thread-safe: called by one stage, one reading at a time.
 */
public final class AlertEngine {

    private final List<RuleState> rules = new ArrayList<>();
    private final Consumer<AlertEvent> events;

    /**
     * @param raised the rules raised when the gateway last stopped (from their latest durable
     *               event), so that a restart neither raises them again nor forgets them
     * @param events receives each transition, in order
     */
    public AlertEngine(List<AlertRule> rules, Map<String, Boolean> raised, Consumer<AlertEvent> events) {
        for (AlertRule rule : rules) {
            RuleState state = new RuleState(rule);
            state.raised = raised.getOrDefault(rule.id(), false);
            this.rules.add(state);
        }
        this.events = events;
    }

    /**
     * One value of a source: a sensor's {@code <sensor>/<quantity>} or a station index.
     *
     * @param monoMillis the monotonic stamp of the reading
     * @param timeMillis its time, epoch milliseconds, which an event carries
     */
    public void observe(String source, double value, QcFlag flag, long monoMillis, long timeMillis) {
        if (flag != QcFlag.PASS) {
            return;
        }
        for (RuleState state : rules) {
            if (state.rule.source().equals(source)) {
                state.observe(value, monoMillis, timeMillis);
            }
        }
    }

    /** True when the rule is raised now. */
    public boolean isRaised(String ruleId) {
        return rules.stream().anyMatch(state -> state.rule.id().equals(ruleId) && state.raised);
    }

    private final class RuleState {
        final AlertRule rule;
        boolean raised;
        /** Monotonic stamp of the first reading of the current run toward the other state; -1 when none. */
        long runSince = -1;
        final RatePerMinute rates = new RatePerMinute();

        RuleState(AlertRule rule) {
            this.rule = rule;
        }

        void observe(double reading, long monoMillis, long timeMillis) {
            double value = reading;
            if (rule.measure() == Measure.RATE) {
                OptionalDouble rate = rates.add(monoMillis, reading);
                if (rate.isEmpty()) {
                    return;
                }
                value = rate.getAsDouble();
            }
            boolean toward = raised ? rule.isClearing(value) : rule.isRaising(value);
            if (!toward) {
                runSince = -1;
                return;
            }
            if (runSince < 0) {
                runSince = monoMillis;
            }
            long hold = (raised ? rule.clearFor() : rule.holdFor()).toMillis();
            if (monoMillis - runSince >= hold) {
                raised = !raised;
                runSince = -1;
                events.accept(new AlertEvent(rule.id(), raised, timeMillis, rule.severity(), rule.source(), value,
                        raised ? rule.threshold() : rule.clear()));
            }
        }
    }
}
