package org.envgate.common.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Whether a configured host is this machine only, judged from its text alone (no name lookup). */
public final class Hosts {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]?");

    private Hosts() {
    }

    /**
     * True for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}; false for every other name
     * or address, {@code 0.0.0.0} (every interface) included. A name other than localhost counts
     * as off the machine, since what it resolves to can change.
     */
    public static boolean isLoopback(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (!IP_LITERAL.matcher(h).matches()) {
            return false;
        }
        try {
            // A literal address is parsed, never looked up.
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The host of a URL such as {@code tcp://broker:1883}, judged by {@link #isLoopback(String)}. */
    public static boolean isLoopbackUrl(String url) {
        try {
            String host = new URI(url).getHost();
            return host != null && isLoopback(host);
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
