package org.envgate.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.envgate.ingest.config.MqttSettings;

/**
 * The message published to {@code P/_rejected/G} for a message that was not stored: where it
 * came from, why it was refused, and the payload itself (text as is, anything else in base64),
 * cut to a size a broker will take.
 */
final class DeadLetters {

    static final int MAX_PAYLOAD_CHARS = 64 * 1024;
    /** A reason quotes names and units from the message; this keeps a hostile one short. */
    static final int MAX_REASON_CHARS = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttSettings settings;

    DeadLetters(MqttSettings settings) {
        this.settings = settings;
    }

    String topic(String gateway) {
        return settings.deadLetterTopic(gateway);
    }

    /** @param size the message's size, which is more than the payload's when that was thrown away unread */
    static byte[] message(String topic, String reason, long receivedMillis, byte[] payload, long size) {
        ObjectNode json = JSON.createObjectNode();
        json.put("topic", topic);
        json.put("reason", reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason);
        json.put("received", receivedMillis / 1000.0);
        json.put("size", size);
        byte[] kept = payload.length > MAX_PAYLOAD_CHARS ? Arrays.copyOf(payload, MAX_PAYLOAD_CHARS) : payload;
        try {
            json.put("payload", StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(kept)).toString());
        } catch (CharacterCodingException e) {
            json.put("payload-base64", Base64.getEncoder().encodeToString(kept));
        }
        json.put("truncated", kept.length < size);
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
