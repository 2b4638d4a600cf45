package org.envgate.simulator.scenario;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.envgate.common.config.ConfigMap;
import org.envgate.simulator.SampleListener;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;

/**
 * What one endpoint of a scenario serves: a twin (or a Modbus bus of them) whose scheduled faults
 * are switched as simulated time passes. A fault of one sensor switches in that sensor's twin
 * (on a shared bus, in its slave); unplugging takes the whole endpoint away, and wrong line
 * settings garble the whole line; slow answers hold
 * everything the endpoint sends for the fault's delay.
 */
public final class ScenarioTwin implements SensorTwin {

    /** One sensor on the endpoint and its own twin, where its faults are switched. */
    record Member(ScenarioSensor sensor, SensorTwin twin) {
        TwinFaults faults() {
            return twin.faults();
        }
    }

    private record Held(long dueMillis, byte[] bytes) {
    }

    private final SensorTwin twin;
    private final List<Member> members;
    private final ScenarioClock clock;
    private final Consumer<String> log;
    private final Deque<Held> held = new ArrayDeque<>();
    private final Set<ScheduledFault> started = new HashSet<>();
    private long delayMillis;

    /** {@code log} hears one line each time a scheduled fault starts or ends. */
    ScenarioTwin(SensorTwin twin, List<Member> members, ScenarioClock clock, Consumer<String> log) {
        this.twin = twin;
        this.members = List.copyOf(members);
        this.clock = clock;
        this.log = log;
    }

    /** The ids of the sensors served here. */
    public List<String> sensorIds() {
        return members.stream().map(member -> member.sensor().id()).toList();
    }

    @Override
    public String model() {
        return twin.model();
    }

    @Override
    public synchronized void advance(long nowMillis) {
        long sim = clock.simMillis(nowMillis);
        boolean unplugged = false;
        boolean misframed = false;
        long delay = 0;
        for (Member member : members) {
            Set<TwinFaults.Fault> scheduled = EnumSet.noneOf(TwinFaults.Fault.class);
            Set<TwinFaults.Fault> active = EnumSet.noneOf(TwinFaults.Fault.class);
            for (ScheduledFault fault : member.sensor().faults()) {
                boolean on = fault.activeAt(sim);
                if (on ? started.add(fault) : started.remove(fault)) {
                    long when = on ? fault.at().toMillis() : fault.at().plus(fault.length()).toMillis();
                    log.accept(String.format(Locale.ROOT, "%s sensor %s: %s %s", simTime(when), member.sensor().id(),
                            ConfigMap.kebab(fault.kind()), on ? "starts" : "ends"));
                }
                if (fault.kind() == ScheduledFault.Kind.SLOW) {
                    delay = on ? Math.max(delay, fault.delay().toMillis()) : delay;
                } else if (fault.kind() == ScheduledFault.Kind.UNPLUG) {
                    unplugged |= on;
                } else if (fault.kind() == ScheduledFault.Kind.WRONG_LINE_SETTINGS) {
                    misframed |= on;
                } else {
                    scheduled.add(fault.kind().fault);
                    if (on) {
                        active.add(fault.kind().fault);
                    }
                }
            }
            for (TwinFaults.Fault fault : scheduled) {
                member.faults().set(fault, active.contains(fault));
            }
        }
        twin.faults().set(TwinFaults.Fault.UNPLUGGED, unplugged);
        twin.faults().set(TwinFaults.Fault.WRONG_LINE_SETTINGS, misframed);
        delayMillis = delay;
    }

    /** Simulated time since the start as {@code +1h02m03s}. */
    static String simTime(long simMillis) {
        long seconds = simMillis / 1000;
        return String.format(Locale.ROOT, "+%dh%02dm%02ds", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    @Override
    public synchronized void receive(byte[] bytes, int offset, int length, long nowMillis) {
        twin.receive(bytes, offset, length, nowMillis);
    }

    @Override
    public synchronized byte[] poll(long nowMillis) {
        byte[] bytes = twin.poll(nowMillis);
        if (delayMillis == 0 && held.isEmpty()) {
            return bytes;
        }
        if (bytes.length > 0) {
            held.add(new Held(nowMillis + delayMillis, bytes));
        }
        ByteArrayOutputStream due = new ByteArrayOutputStream();
        while (!held.isEmpty() && held.peekFirst().dueMillis() <= nowMillis) {
            due.writeBytes(held.pollFirst().bytes());
        }
        return due.toByteArray();
    }

    @Override
    public void addListener(SampleListener listener) {
        twin.addListener(listener);
    }

    @Override
    public TwinFaults faults() {
        return twin.faults();
    }
}
