package org.envgate.wire;

import java.util.Locale;

/**
 * Readings per QC flag: a sensor's since the gateway started (its health entry's
 * {@code qc_pass}, {@code qc_not_evaluated}, {@code qc_suspect}, {@code qc_fail}), or what ingest
 * stored.
 */
public record QcCounts(long pass, long notEvaluated, long suspect, long fail) {

    public static final QcCounts NONE = new QcCounts(0, 0, 0, 0);

    public long of(QcFlag flag) {
        return switch (flag) {
            case PASS -> pass;
            case NOT_EVALUATED -> notEvaluated;
            case SUSPECT -> suspect;
            case FAIL -> fail;
        };
    }

    /** These counts and one more reading of {@code flag}. */
    public QcCounts plus(QcFlag flag) {
        return new QcCounts(pass + (flag == QcFlag.PASS ? 1 : 0), notEvaluated + (flag == QcFlag.NOT_EVALUATED ? 1 : 0),
                suspect + (flag == QcFlag.SUSPECT ? 1 : 0), fail + (flag == QcFlag.FAIL ? 1 : 0));
    }

    public QcCounts plus(QcCounts other) {
        return new QcCounts(pass + other.pass, notEvaluated + other.notEvaluated, suspect + other.suspect,
                fail + other.fail);
    }

    /** The name of {@code flag}'s count in a sensor's health entry and in {@code sensor_health}, e.g. {@code qc_not_evaluated}. */
    public static String field(QcFlag flag) {
        return "qc_" + flag.name().toLowerCase(Locale.ROOT);
    }
}
