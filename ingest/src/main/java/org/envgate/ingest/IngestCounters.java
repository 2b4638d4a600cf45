package org.envgate.ingest;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.envgate.common.metrics.Histogram;
import org.envgate.ingest.decode.RejectReason;
import org.envgate.wire.QcCounts;

/** What ingest has done since it started; logged every minute, served as metrics and read by the tests. */
public final class IngestCounters {

    final AtomicLong messages = new AtomicLong();
    final AtomicLong redelivered = new AtomicLong();
    final AtomicLong readingsReceived = new AtomicLong();
    final AtomicLong readings = new AtomicLong();
    final AtomicLong points = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong deadLettersDropped = new AtomicLong();
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong writeFailures = new AtomicLong();
    final AtomicLong unknownKeys = new AtomicLong();
    /** How long each write the store accepted took, in seconds. */
    final Histogram storeWrites = new Histogram(Histogram.NETWORK_SECONDS);
    private final Map<RejectReason, AtomicLong> rejected = new EnumMap<>(RejectReason.class);
    private final AtomicLong pass = new AtomicLong();
    private final AtomicLong notEvaluated = new AtomicLong();
    private final AtomicLong suspect = new AtomicLong();
    private final AtomicLong fail = new AtomicLong();

    IngestCounters() {
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, new AtomicLong());
        }
    }

    void countRejected(RejectReason reason) {
        rejected.get(reason).incrementAndGet();
    }

    void countFlags(QcCounts stored) {
        pass.addAndGet(stored.pass());
        notEvaluated.addAndGet(stored.notEvaluated());
        suspect.addAndGet(stored.suspect());
        fail.addAndGet(stored.fail());
    }

    /** Stored readings per QC flag (a redelivered reading counts again). */
    public QcCounts readingsByFlag() {
        return new QcCounts(pass.get(), notEvaluated.get(), suspect.get(), fail.get());
    }

    /** Messages taken from the broker. */
    public long messages() {
        return messages.get();
    }

    /** Messages the broker marked as sent before (an earlier connection did not acknowledge them). */
    public long redelivered() {
        return redelivered.get();
    }

    /** Sensor readings in the messages decoded, whether stored or not (a redelivered reading counts again). */
    public long readingsReceived() {
        return readingsReceived.get();
    }

    /** Sensor readings the store accepted (a redelivered reading counts again). */
    public long readings() {
        return readings.get();
    }

    /** Points the store accepted: readings, status and health. */
    public long points() {
        return points.get();
    }

    /** Messages refused by validation or by the store. */
    public long rejected() {
        return rejected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Messages refused for {@code reason}. */
    public long rejected(RejectReason reason) {
        return rejected.get(reason).get();
    }

    /** How long each write the store accepted took, in seconds. */
    public Histogram.Snapshot storeWrites() {
        return storeWrites.snapshot();
    }

    /** Rejected messages whose dead letter the broker acknowledged. */
    public long deadLettered() {
        return deadLettered.get();
    }

    /**
     * Dead letters dropped because the dead-letter path was saturated: queue full, or not
     * acknowledged in time. Their messages were acknowledged all the same.
     */
    public long deadLettersDropped() {
        return deadLettersDropped.get();
    }

    /** Messages acknowledged to the broker. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Write requests that failed and were retried. */
    public long writeFailures() {
        return writeFailures.get();
    }

    /** Keys of status and health messages that their schema does not declare: ignored, only counted. */
    public long unknownKeys() {
        return unknownKeys.get();
    }

    @Override
    public String toString() {
        QcCounts flags = readingsByFlag();
        return messages() + " messages (" + redelivered() + " redelivered), " + readings() + " readings (QC "
                + flags.pass() + " pass, " + flags.notEvaluated() + " not evaluated, " + flags.suspect() + " suspect, "
                + flags.fail() + " fail) and " + points() + " points stored, " + rejected() + " rejected, " + deadLettered() + " dead-lettered ("
                + deadLettersDropped() + " dead letters dropped), "
                + acknowledged() + " acknowledged, " + writeFailures() + " failed writes retried, "
                + unknownKeys() + " unknown status and health keys ignored";
    }
}
