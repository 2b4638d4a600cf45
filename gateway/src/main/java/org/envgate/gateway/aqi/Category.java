package org.envgate.gateway.aqi;

/**
 * The six categories of an air-quality index, with their index ranges and official colours.
 *
 * <p>VN_AQI (Decision 1459/QD-TCMT, Table 1) and the US EPA AQI share the ranges and the RGB
 * colours; only the names differ. The category of an index is taken from the index after
 * rounding, since both scales publish whole numbers.
 */
public enum Category {
    GOOD(1, 0, 50, 0, 228, 0, "Tốt", "Good", "Good"),
    MODERATE(2, 51, 100, 255, 255, 0, "Trung bình", "Moderate", "Moderate"),
    POOR(3, 101, 150, 255, 126, 0, "Kém", "Poor", "Unhealthy for Sensitive Groups"),
    BAD(4, 151, 200, 255, 0, 0, "Xấu", "Bad", "Unhealthy"),
    VERY_BAD(5, 201, 300, 143, 63, 151, "Rất xấu", "Very bad", "Very Unhealthy"),
    HAZARDOUS(6, 301, 500, 126, 0, 35, "Nguy hại", "Hazardous", "Hazardous");

    private final int number;
    private final int low;
    private final int high;
    private final int red;
    private final int green;
    private final int blue;
    private final String vietnamese;
    private final String english;
    private final String epaName;

    Category(int number, int low, int high, int red, int green, int blue,
             String vietnamese, String english, String epaName) {
        this.number = number;
        this.low = low;
        this.high = high;
        this.red = red;
        this.green = green;
        this.blue = blue;
        this.vietnamese = vietnamese;
        this.english = english;
        this.epaName = epaName;
    }

    /** The category of a published (rounded) index, 0 to 500. */
    public static Category of(int index) {
        for (Category category : values()) {
            if (index >= category.low && index <= category.high) {
                return category;
            }
        }
        throw new IllegalArgumentException("index must be 0 to 500, not " + index);
    }

    /** 1 (good) to 6 (hazardous): the {@code cat} field of an index record. */
    public int number() {
        return number;
    }

    /** The lowest index in this category. */
    public int low() {
        return low;
    }

    /** The highest index in this category. */
    public int high() {
        return high;
    }

    /** The colour as the decision writes it, e.g. {@code 0;228;0}. */
    public String rgb() {
        return red + ";" + green + ";" + blue;
    }

    /** The colour for a web page, e.g. {@code #00e400}. */
    public String hex() {
        return String.format("#%02x%02x%02x", red, green, blue);
    }

    /** The VN_AQI name, e.g. {@code Trung bình}. */
    public String vietnamese() {
        return vietnamese;
    }

    /** The VN_AQI name in English, e.g. {@code Moderate}. */
    public String english() {
        return english;
    }

    /** The US EPA name, e.g. {@code Unhealthy for Sensitive Groups}. */
    public String epaName() {
        return epaName;
    }
}
