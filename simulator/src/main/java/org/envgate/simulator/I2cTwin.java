package org.envgate.simulator;

import com.pi4j.context.Context;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.envgate.drivers.I2cDriverProvider;
import org.envgate.drivers.Measurement;
import org.envgate.link.I2cPort;
import org.envgate.link.I2cTarget;
import org.envgate.link.MockI2cBus;
import org.envgate.wire.Quantity;

/**
 * A twin of an I2C chip: it is not served on a port but attached at an address of the mock
 * platform's I2C bus, in the process of the gateway that reads it, and answers each transaction
 * the gateway's driver makes there.
 */
public abstract class I2cTwin implements I2cTarget {

    private final I2cDriverProvider model;
    private final TwinFaults faults = new TwinFaults();
    private final List<SampleListener> listeners = new CopyOnWriteArrayList<>();
    private boolean stuckApplied;

    protected I2cTwin(I2cDriverProvider model) {
        this.model = model;
    }

    public String model() {
        return model.model();
    }

    public TwinFaults faults() {
        return faults;
    }

    public void addListener(SampleListener listener) {
        listeners.add(listener);
    }

    /** Puts this chip at {@code port} of the mock platform's I2C; closing the result takes it off. */
    public AutoCloseable attach(Context mock, I2cPort port) {
        return MockI2cBus.of(mock).attach(port, this);
    }

    /**
     * Whether {@link TwinFaults.Fault#STUCK} was switched on since the last call: a chip wedges
     * once each time the fault is switched on, and stays wedged until its driver resets it.
     */
    protected final boolean wedgesNow() {
        if (!faults.on(TwinFaults.Fault.STUCK)) {
            stuckApplied = false;
            return false;
        }
        boolean first = !stuckApplied;
        stuckApplied = true;
        return first;
    }

    /** Tells the listeners the chip sent {@code values}, rounded as the driver will report them. */
    protected final void sent(List<Measurement> values, long timeMillis) {
        Map<Quantity, Double> rounded = new EnumMap<>(Quantity.class);
        for (Measurement m : values) {
            rounded.put(m.quantity(), model.resolution(m.quantity()).round(m.value()));
        }
        TwinSample sample = new TwinSample(model(), rounded, timeMillis);
        listeners.forEach(listener -> listener.sent(sample));
    }
}
