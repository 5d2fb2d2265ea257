package io.xuanxuan.standalone;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.testclient.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * What a {@link WsClient} keeps for tests with a thousand connections: no frame. Of the {@code message}
 * pushes it records only the message gids that belong to one test run ({@code runId-k}, recorded as the int
 * {@code k}), in the order received, every packet of every push frame; responses are kept as items for the
 * few requests a test makes (login, message, history), and a {@code getList} push as an item without its
 * data (the end of a login); every other push is read and dropped. A thousand clients keeping each frame as
 * a String and as a tree would cost gigabytes at 10,000 messages.
 */
final class GidRecorder implements WsClient.Intake {

    private final String gidPrefix;
    private final IntConsumer listener;
    private int[] received = new int[256];
    private int count;

    /** {@code listener} is told of each recorded message (on the connection's event loop: quick, no blocking). */
    GidRecorder(String runId, IntConsumer listener) {
        this.gidPrefix = runId + "-";
        this.listener = listener;
    }

    @Override
    public List<JsonNode> items(ByteBuf content) throws IOException {
        int start = content.readerIndex();
        while (start < content.writerIndex() && Character.isWhitespace(content.getByte(start))) {
            start++;
        }
        if (start < content.writerIndex() && content.getByte(start) == '[') {
            return readPushFrame(content);
        }
        JsonNode frame = ProtocolJson.mapper().readTree(new ByteBufInputStream(content.duplicate()));
        return frame.isObject() && frame.has("result") ? List.of(frame) : List.of();
    }

    /** Every packet of the frame: the gids of {@code message} packets are recorded, {@code getList} is kept. */
    private List<JsonNode> readPushFrame(ByteBuf content) throws IOException {
        List<JsonNode> kept = new ArrayList<>(1);
        try (JsonParser parser = ProtocolJson.mapper().getFactory().createParser(
                (InputStream) new ByteBufInputStream(content.duplicate()))) {
            parser.setCodec(ProtocolJson.mapper());
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return kept;
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                String method = readPacket(parser);
                if ("getList".equalsIgnoreCase(method)) {
                    kept.add(ProtocolJson.nodes().arrayNode().add(ProtocolJson.nodes().objectNode().put("method", method)));
                }
            }
        }
        return kept;
    }

    /** Reads one packet, recording its messages; answers its method. */
    private String readPacket(JsonParser parser) throws IOException {
        String method = null;
        JsonNode earlyData = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if ("method".equals(field)) {
                method = parser.getText();
            } else if ("data".equals(field) && method != null) {
                if ("message".equalsIgnoreCase(method)) {
                    readMessages(parser);
                } else {
                    parser.skipChildren();
                }
            } else if ("data".equals(field)) {
                earlyData = parser.readValueAsTree(); // data before method: not how the server writes, but valid
            } else {
                parser.skipChildren();
            }
        }
        if (earlyData != null && "message".equalsIgnoreCase(method)) {
            earlyData.forEach(message -> record(message.path("gid").asText()));
        }
        return method;
    }

    private void readMessages(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if ("gid".equals(field)) {
                    record(parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        }
    }

    private void record(String gid) {
        if (gid == null || !gid.startsWith(gidPrefix)) {
            return; // another test's message
        }
        int k = Integer.parseInt(gid, gidPrefix.length(), gid.length(), 10);
        synchronized (this) {
            if (count == received.length) {
                received = Arrays.copyOf(received, count * 2);
            }
            received[count++] = k;
        }
        listener.accept(k);
    }

    /** The run's messages this connection received, in order, duplicates included. */
    synchronized int[] received() {
        return Arrays.copyOf(received, count);
    }
}
