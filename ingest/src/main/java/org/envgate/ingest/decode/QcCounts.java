package org.envgate.ingest.decode;

import org.envgate.wire.QcFlag;

/** Readings per QC flag, so the operator sees how much of what arrives is suspect or failed. */
public record QcCounts(long pass, long notEvaluated, long suspect, long fail) {

    public static final QcCounts NONE = new QcCounts(0, 0, 0, 0);

    public QcCounts plus(QcFlag flag) {
        return switch (flag) {
            case PASS -> new QcCounts(pass + 1, notEvaluated, suspect, fail);
            case NOT_EVALUATED -> new QcCounts(pass, notEvaluated + 1, suspect, fail);
            case SUSPECT -> new QcCounts(pass, notEvaluated, suspect + 1, fail);
            case FAIL -> new QcCounts(pass, notEvaluated, suspect, fail + 1);
        };
    }

    public QcCounts plus(QcCounts other) {
        return new QcCounts(pass + other.pass, notEvaluated + other.notEvaluated, suspect + other.suspect,
                fail + other.fail);
    }
}
