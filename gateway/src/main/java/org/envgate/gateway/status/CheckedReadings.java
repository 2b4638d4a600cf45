package org.envgate.gateway.status;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.envgate.wire.GatewayHealth;
import org.envgate.wire.QcCounts;
import org.envgate.wire.QcFlag;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;

/**
 * The readings as they go to the buffer, checked by quality control: each sensor's latest value
 * of each quantity (for the status page) and its readings since start per QC flag (for health).
 * Fed by every sensor's poller thread; read by the status page and the health report.
 */
public final class CheckedReadings implements Consumer<Reading> {

    private final Map<String, SensorReadings> bySensor = new ConcurrentHashMap<>();

    @Override
    public void accept(Reading reading) {
        bySensor.computeIfAbsent(reading.sensor(), id -> new SensorReadings()).add(reading);
    }

    /** The sensor's latest reading of each quantity, in the order the quantities first came; empty before any. */
    public List<Reading> latest(String sensor) {
        SensorReadings readings = bySensor.get(sensor);
        return readings == null ? List.of() : readings.latest();
    }

    /** The sensor's readings since start per QC flag. */
    public QcCounts counts(String sensor) {
        SensorReadings readings = bySensor.get(sensor);
        return readings == null ? new QcCounts(0, 0, 0, 0) : readings.counts();
    }

    private static final class SensorReadings {

        private final Map<Quantity, Reading> latest = new LinkedHashMap<>();
        private final Map<QcFlag, LongAdder> perFlag = new EnumMap<>(QcFlag.class);

        SensorReadings() {
            for (QcFlag flag : QcFlag.values()) {
                perFlag.put(flag, new LongAdder());
            }
        }

        void add(Reading reading) {
            perFlag.get(reading.quality().flag()).increment();
            synchronized (latest) {
                latest.put(reading.quantity(), reading);
            }
        }

        List<Reading> latest() {
            synchronized (latest) {
                return List.copyOf(latest.values());
            }
        }

        QcCounts counts() {
            return new QcCounts(perFlag.get(QcFlag.PASS).sum(), perFlag.get(QcFlag.NOT_EVALUATED).sum(),
                    perFlag.get(QcFlag.SUSPECT).sum(), perFlag.get(QcFlag.FAIL).sum());
        }
    }
}
