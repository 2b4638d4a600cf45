package org.envgate.gateway.poll;

import com.pi4j.context.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;
import org.envgate.drivers.DriverContext;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.PortLostException;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;

/**
 * What the gateway lends its drivers. Sensors configured on the same port (Modbus slaves on one
 * RS-485 bus) share one link, and {@link #exclusive} lets only one of them talk at a time, so a
 * request and its answer are never interleaved with another sensor's. The newest reading of
 * every sensor is kept for drivers that compensate with another sensor's value.
 */
public final class SharedPorts implements DriverContext, Consumer<Reading> {

    /** Work on one port while holding it; may throw what the driver throws. */
    public interface PortWork<T> {
        T run() throws IOException;
    }

    private final Map<String, Port> ports = new HashMap<>();
    private final Context gpio;
    private final Map<String, Reading> latest = new ConcurrentHashMap<>();

    /** @param gpio the configured GPIO platform's context, or null when none is configured */
    public SharedPorts(Context gpio) {
        this.gpio = gpio;
    }

    @Override
    public Context gpio() throws IOException {
        return gpio == null ? DriverContext.super.gpio() : gpio;
    }

    @Override
    public void accept(Reading reading) {
        latest.put(reading.sensor() + "/" + reading.quantity().id(), reading);
    }

    @Override
    public Optional<Reading> latest(String sensorId, Quantity quantity) {
        return Optional.ofNullable(latest.get(sensorId + "/" + quantity.id()));
    }

    private synchronized Port port(String name) {
        return ports.computeIfAbsent(name, Port::new);
    }

    @Override
    public Link openSerial(String port, SerialSettings settings) throws IOException {
        return port(port).acquire(settings);
    }

    /** Runs {@code work} while no other sensor uses {@code port}. */
    public <T> T exclusive(String port, PortWork<T> work) throws IOException {
        ReentrantLock lock = port(port).lock;
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }

    /** One port: the underlying link, opened by the first user and closed by the last. */
    private static final class Port {
        private final String name;
        private final ReentrantLock lock = new ReentrantLock();
        private Link link;
        private boolean lost;
        private int users;

        Port(String name) {
            this.name = name;
        }

        synchronized Link acquire(SerialSettings settings) throws IOException {
            if (link == null || lost) {
                closeLink();
                link = Links.open(name, settings);
                lost = false;
            }
            users++;
            return new Handle(this);
        }

        synchronized void release() {
            if (--users == 0) {
                closeLink();
            }
        }

        synchronized Link current() throws IOException {
            if (link == null) {
                throw new IOException(name + ": link is closed");
            }
            return link;
        }

        synchronized void markLost() {
            lost = true;
        }

        private void closeLink() {
            if (link != null) {
                link.close();
                link = null;
            }
        }
    }

    /** One sensor's use of a shared port. */
    private static final class Handle implements Link {
        private final Port port;
        private boolean closed;

        Handle(Port port) {
            this.port = port;
        }

        @Override
        public String port() {
            return port.name;
        }

        @Override
        public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
            try {
                return port.current().read(buffer, offset, length, timeout);
            } catch (PortLostException e) {
                port.markLost();
                throw e;
            }
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            try {
                port.current().write(bytes);
            } catch (PortLostException e) {
                port.markLost();
                throw e;
            }
        }

        @Override
        public void discardInput() throws IOException {
            try {
                port.current().discardInput();
            } catch (PortLostException e) {
                port.markLost();
                throw e;
            }
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                port.release();
            }
        }
    }
}
