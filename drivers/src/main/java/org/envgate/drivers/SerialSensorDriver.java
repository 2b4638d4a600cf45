package org.envgate.drivers;

import java.io.IOException;
import java.util.List;
import org.envgate.link.Link;

/** A driver that talks to its sensor over one serial link (a UART, RS-485, or a device server). */
public abstract class SerialSensorDriver implements SensorDriver {

    private final SensorSpec spec;
    private Link link;
    private DriverContext context = DriverContext.DIRECT;

    protected SerialSensorDriver(SensorSpec spec) {
        this.spec = spec;
    }

    public SensorSpec spec() {
        return spec;
    }

    @Override
    public final void open(DriverContext context) throws IOException {
        close();
        this.context = context;
        Link opened = context.openSerial(spec.port(), spec.serial());
        try {
            start(opened);
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        link = opened;
    }

    @Override
    public final List<Measurement> read() throws IOException {
        if (link == null) {
            throw new IOException(spec.port() + ": not open");
        }
        return read(link);
    }

    @Override
    public void close() {
        if (link != null) {
            link.close();
            link = null;
        }
    }

    /** What the gateway lent at {@link #open}, e.g. other sensors' latest readings. */
    protected DriverContext context() {
        return context;
    }

    /** Prepares the sensor on a freshly opened link: sets its mode, wakes it. */
    protected abstract void start(Link link) throws IOException;

    /** Takes one sample over the open link. */
    protected abstract List<Measurement> read(Link link) throws IOException;
}
