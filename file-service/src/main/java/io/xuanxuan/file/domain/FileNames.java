package io.xuanxuan.file.domain;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;

/** File names from clients, made safe to store and to send back in a header. */
public final class FileNames {

    /** Longest title kept (the column is VARCHAR(255)). */
    public static final int MAX_TITLE_LENGTH = 255;
    private static final String FALLBACK = "file";

    private FileNames() {
    }

    /**
     * The title to store for a client's file name: its last path segment (browsers may send
     * {@code C:\fakepath\x.png}), without control characters, trimmed, at most 255 characters.
     */
    public static String title(String clientName) {
        if (clientName == null) {
            return FALLBACK;
        }
        String name = clientName;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        name = name.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069\\uFEFF]", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return FALLBACK;
        }
        if (name.length() > MAX_TITLE_LENGTH) {
            // keep the extension, cut the middle, and never split a surrogate pair
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
            int keep = MAX_TITLE_LENGTH - extension.length();
            if (Character.isHighSurrogate(name.charAt(keep - 1))) {
                keep--;
            }
            name = name.substring(0, keep) + extension;
        }
        return name;
    }

    /**
     * {@code attachment; filename="<ascii fallback>"; filename*=UTF-8''<percent-encoded>} (RFC 6266 and
     * RFC 8187): old clients read the plain name, others the exact one. Nothing of the name can end the
     * parameter or the header.
     */
    public static String contentDisposition(String title) {
        String name = title(title);
        return "attachment; filename=\"" + asciiFallback(name) + "\"; filename*=UTF-8''" + percentEncode(name);
    }

    static String asciiFallback(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%'
                ? (char) c : '_'));
        return out.toString();
    }

    static String percentEncode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean attrChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0;
            if (attrChar) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * The media type to store: what the client declared, unless it declared nothing useful, then a guess
     * from the name, else application/octet-stream.
     */
    public static String mediaType(MediaType declared, String title) {
        if (declared != null && !declared.isWildcardType() && !declared.isWildcardSubtype()
                && !MediaType.APPLICATION_OCTET_STREAM.equalsTypeAndSubtype(declared)) {
            String value = declared.toString();
            if (value.length() <= 127 && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                return value;
            }
        }
        return guess(title).orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE);
    }

    public static Optional<String> guess(String title) {
        return MediaTypeFactory.getMediaType(title).map(MediaType::toString);
    }
}
