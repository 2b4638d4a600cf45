package org.envgate.wire;

import java.util.OptionalDouble;

/**
 * Where a station stands: WGS 84 latitude and longitude in degrees, and optionally its
 * elevation in metres above sea level.
 */
public record Location(double lat, double lon, OptionalDouble elevation) {

    public static final double MIN_ELEVATION = -500;
    public static final double MAX_ELEVATION = 9000;

    public Location {
        String problem = latitudeProblem(lat);
        if (problem.isEmpty()) {
            problem = longitudeProblem(lon);
        }
        if (problem.isEmpty() && elevation.isPresent()) {
            problem = elevationProblem(elevation.getAsDouble());
        }
        if (!problem.isEmpty()) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why {@code lat} is no latitude, or empty when it is one. */
    public static String latitudeProblem(double lat) {
        return lat >= -90 && lat <= 90 ? "" : "latitude " + lat + " is outside -90 to 90 degrees";
    }

    /** Why {@code lon} is no longitude, or empty when it is one. */
    public static String longitudeProblem(double lon) {
        return lon >= -180 && lon <= 180 ? "" : "longitude " + lon + " is outside -180 to 180 degrees";
    }

    /** Why {@code elevation} is no station's elevation, or empty when it can be one. */
    public static String elevationProblem(double elevation) {
        return elevation >= MIN_ELEVATION && elevation <= MAX_ELEVATION ? ""
                : "elevation " + elevation + " m is outside " + (long) MIN_ELEVATION + " to " + (long) MAX_ELEVATION + " m";
    }
}
