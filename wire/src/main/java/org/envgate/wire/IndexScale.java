package org.envgate.wire;

import java.util.Optional;

/** The air-quality index scales a station can publish: the {@code index} tag in the store. */
public enum IndexScale {
    /** Vietnam's VN_AQI, Decision 1459/QD-TCMT of 2019. */
    VN("vn"),
    /** The US EPA AQI with NowCast. */
    US("us");

    private final String id;

    IndexScale(String id) {
        this.id = id;
    }

    /** {@code vn} or {@code us}: in record names ({@code aqi_vn_1h}) and the store's {@code index} tag. */
    public String id() {
        return id;
    }

    public static Optional<IndexScale> byId(String id) {
        for (IndexScale scale : values()) {
            if (scale.id.equals(id)) {
                return Optional.of(scale);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id;
    }
}
