package org.envgate.wire;

/**
 * The IOOS QARTOD flag of a reading. 9 (missing) is never sent: a missing reading is simply
 * absent.
 */
public enum QcFlag {
    PASS(1),
    NOT_EVALUATED(2),
    SUSPECT(3),
    FAIL(4);

    private final int code;

    QcFlag(int code) {
        this.code = code;
    }

    /** The number on the wire ({@code qc}) and in the store. */
    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for anything but 1 to 4 */
    public static QcFlag byCode(int code) {
        for (QcFlag flag : values()) {
            if (flag.code == code) {
                return flag;
            }
        }
        throw new IllegalArgumentException("a QC flag is 1 (pass), 2 (not evaluated), 3 (suspect) or 4 (fail), not " + code);
    }

    /** The worse of two flags, as QARTOD aggregates its tests: fail over suspect over not evaluated over pass. */
    public QcFlag worst(QcFlag other) {
        return other.code > code ? other : this;
    }
}
