package org.envgate.testing;

/** Byte arrays written the way datasheets print them: {@code "42 4d 00 1c"}. */
public final class Hex {

    private Hex() {
    }

    public static byte[] bytes(String text) {
        String[] parts = text.trim().split("\\s+");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }
}
