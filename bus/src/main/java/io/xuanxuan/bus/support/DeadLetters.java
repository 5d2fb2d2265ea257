package io.xuanxuan.bus.support;

import io.xuanxuan.bus.DeadLetter;
import io.xuanxuan.model.json.ProtocolJson;

/** Builds the {@link DeadLetter}s of both adapters, so a dead letter reads the same whichever bus wrote it. */
public final class DeadLetters {

    private DeadLetters() {
    }

    public static DeadLetter of(String topic, String key, String group, String recordJson, Throwable error,
                                int attempts) {
        return new DeadLetter(topic, key, group, recordJson, reason(error, attempts), System.currentTimeMillis());
    }

    /**
     * The JSON text of a record, as the Kafka adapter would have carried it; a record that cannot even be
     * serialized is kept as its string form, since the dead letter is the last place it can be seen.
     */
    public static String json(Object record) {
        try {
            return ProtocolJson.write(record);
        } catch (RuntimeException e) {
            return String.valueOf(record);
        }
    }

    /** An undecodable record is dead-lettered at once; anything else only after every attempt failed. */
    public static String reason(Throwable error, int attempts) {
        ProtocolJson.InvalidRecordException invalid = invalidRecord(error);
        if (invalid != null) {
            return "invalid record: " + invalid.getMessage();
        }
        return "failed after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ") + describe(error);
    }

    public static boolean isInvalidRecord(Throwable error) {
        return invalidRecord(error) != null;
    }

    private static ProtocolJson.InvalidRecordException invalidRecord(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProtocolJson.InvalidRecordException invalid) {
                return invalid;
            }
        }
        return null;
    }

    private static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        String message = error.getMessage();
        return message == null ? error.getClass().getName() : error.getClass().getSimpleName() + ": " + message;
    }
}
