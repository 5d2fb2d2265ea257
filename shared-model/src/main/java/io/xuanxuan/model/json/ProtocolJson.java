package io.xuanxuan.model.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The one JSON mapper of the protocol and the bus contracts.
 *
 * <p>Conventions of PROTOCOL.md section 2 are carried by the types themselves (ids are {@code long},
 * dates are Unix seconds as {@code long}, sets are lists); the mapper adds what holds for every
 * value: unknown fields are ignored, absent values are left out, and nesting is bounded so a
 * hostile frame cannot exhaust the stack.
 */
public final class ProtocolJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64)
                .maxNumberLength(100)
                .build());
    }

    private ProtocolJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static JsonNodeFactory nodes() {
        return MAPPER.getNodeFactory();
    }

    /** Serializes a value that is known to be serializable (the protocol's own types). */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
    }

    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
    }

    public static JsonNode toTree(Object value) {
        // a tree stays as it is (it may hold pre-serialized raw values: see rawJson)
        return value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
    }

    /**
     * A node that writes {@code value} serialized once, now: for an object written into many frames (a
     * user in every login's user list). Read back from the wire it is an ordinary tree.
     */
    public static JsonNode rawJson(Object value) {
        return nodes().rawValueNode(new com.fasterxml.jackson.databind.util.RawValue(write(value)));
    }

    /** Reads a contract record; a malformed or incomplete record is an {@link InvalidRecordException}. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new InvalidRecordException("not a valid " + type.getSimpleName() + ": " + originalMessage(e), e);
        }
    }

    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (java.io.IOException | RuntimeException e) {
            throw new InvalidRecordException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidRecordException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static String originalMessage(Throwable e) {
        return e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : String.valueOf(e.getMessage());
    }

    /** Thrown when a bus record or stored JSON does not match its contract. Never retried. */
    public static final class InvalidRecordException extends RuntimeException {
        public InvalidRecordException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
