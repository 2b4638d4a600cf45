package org.envgate.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON written with jackson-core's streaming generator, for the messages a running gateway
 * encodes: its object mapper (jackson-databind, some 300 classes) then never loads, which keeps
 * them out of the gateway's memory. The generator writes to characters and the text is encoded
 * as UTF-8 afterwards, as {@code ObjectNode.toString()} did, so the bytes are the same, a lone
 * surrogate in a text included (it becomes {@code ?}).
 */
public final class JsonText {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** What writes one JSON value. */
    @FunctionalInterface
    public interface Body {
        void writeTo(JsonGenerator json) throws IOException;
    }

    private JsonText() {
    }

    public static String text(Body body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            body.writeTo(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toString();
    }

    public static byte[] utf8(Body body) {
        return text(body).getBytes(StandardCharsets.UTF_8);
    }
}
