package io.xuanxuan.model.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code params} of a request, read by name whether the client sent a named object (the
 * document) or a positional array (the real clients). Every accessor checks the type and throws
 * {@link InvalidRequestException} with a sentence naming the parameter.
 */
public final class Params {

    private final JsonNode params;
    private final List<String> positionalNames;

    private Params(JsonNode params, List<String> positionalNames) {
        this.params = params == null || params.isNull() ? NullNode.getInstance() : params;
        this.positionalNames = positionalNames;
    }

    public static Params of(JsonNode params, String... positionalNames) {
        return new Params(params, List.of(positionalNames));
    }

    public boolean isPositional() {
        return params.isArray();
    }

    /** The raw value of a parameter, or empty if absent or JSON null. */
    public Optional<JsonNode> node(String name) {
        JsonNode value = null;
        if (params.isObject()) {
            value = params.get(name);
        } else if (params.isArray()) {
            int index = positionalNames.indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException("parameter " + name + " has no position");
            }
            value = params.get(index);
        }
        return value == null || value.isNull() || value.isMissingNode() ? Optional.empty() : Optional.of(value);
    }

    public Optional<String> optionalText(String name) {
        return node(name).map(value -> {
            if (value.isTextual()) {
                return value.textValue();
            }
            if (value.isNumber() || value.isBoolean()) {
                return value.asText();
            }
            throw invalid(name, "a string");
        });
    }

    public String text(String name) {
        return optionalText(name).orElseThrow(() -> missing(name));
    }

    public String text(String name, String fallback) {
        return optionalText(name).orElse(fallback);
    }

    public Optional<Long> optionalLong(String name) {
        return node(name).map(value -> {
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return value.longValue();
            }
            if (value.isTextual() && value.textValue().matches("-?\\d{1,18}")) {
                return Long.parseLong(value.textValue());
            }
            if (value.isTextual() && value.textValue().isEmpty()) {
                return null;
            }
            throw invalid(name, "an integer");
        });
    }

    public long longValue(String name, long fallback) {
        return optionalLong(name).orElse(fallback);
    }

    public int intValue(String name, int fallback, int min, int max) {
        long value = longValue(name, fallback);
        if (value < min || value > max) {
            throw new InvalidRequestException("Parameter '" + name + "' must be between " + min + " and " + max + ".");
        }
        return (int) value;
    }

    /** Booleans as the clients send them: true/false, 1/0, "true"/"false", "1"/"0". */
    public boolean bool(String name, boolean fallback) {
        return node(name).map(value -> {
            if (value.isBoolean()) {
                return value.booleanValue();
            }
            if (value.isIntegralNumber()) {
                return value.longValue() != 0;
            }
            if (value.isTextual()) {
                String text = value.textValue().trim().toLowerCase(java.util.Locale.ROOT);
                switch (text) {
                    case "true", "1", "yes" -> {
                        return true;
                    }
                    case "false", "0", "no", "" -> {
                        return false;
                    }
                    default -> {
                    }
                }
            }
            throw invalid(name, "true or false");
        }).orElse(fallback);
    }

    /**
     * A set of user ids: {@code [23, 43]}, {@code ["23"]}, the document's {@code [{id: 23}]}, or a
     * comma-joined string {@code "23,43"}.
     */
    public Optional<List<Long>> optionalIds(String name) {
        return node(name).map(value -> {
            List<Long> ids = new ArrayList<>();
            if (value.isTextual()) {
                for (String part : value.textValue().split(",")) {
                    String trimmed = part.trim();
                    if (!trimmed.isEmpty()) {
                        ids.add(parseId(name, trimmed));
                    }
                }
                return ids;
            }
            if (!value.isArray()) {
                throw invalid(name, "an array of user ids");
            }
            for (JsonNode item : value) {
                JsonNode id = item.isObject() ? item.get("id") : item;
                if (id != null && id.isIntegralNumber() && id.canConvertToLong()) {
                    ids.add(id.longValue());
                } else if (id != null && id.isTextual()) {
                    ids.add(parseId(name, id.textValue().trim()));
                } else {
                    throw invalid(name, "an array of user ids");
                }
            }
            return ids;
        });
    }

    private static long parseId(String name, String text) {
        if (!text.matches("\\d{1,18}")) {
            throw invalid(name, "an array of user ids");
        }
        return Long.parseLong(text);
    }

    public static InvalidRequestException missing(String name) {
        return new InvalidRequestException("Parameter '" + name + "' is required.");
    }

    public static InvalidRequestException invalid(String name, String expected) {
        return new InvalidRequestException("Parameter '" + name + "' must be " + expected + ".");
    }
}
