package io.xuanxuan.file;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** A multipart/form-data body for java.net.http, streamed part by part (file contents may be generated). */
public final class Multipart {

    private final String boundary = "xx-" + UUID.randomUUID();
    private final List<Supplier<InputStream>> pieces = new ArrayList<>();
    private long length;

    public Multipart field(String name, String value) {
        head("Content-Disposition: form-data; name=\"" + name + "\"\r\n");
        bytes(value.getBytes(StandardCharsets.UTF_8));
        bytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    public Multipart file(String name, String filename, String contentType, byte[] content) {
        return file(name, filename, contentType, content.length, () -> new ByteArrayInputStream(content));
    }

    /** A file part whose {@code size} bytes come from {@code content} (opened anew for each send). */
    public Multipart file(String name, String filename, String contentType, long size, Supplier<InputStream> content) {
        StringBuilder head = new StringBuilder("Content-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + filename + "\"\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head(head.toString());
        pieces.add(content);
        length += size;
        bytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    private void head(String headers) {
        bytes(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private void bytes(byte[] bytes) {
        pieces.add(() -> new ByteArrayInputStream(bytes));
        length += bytes.length;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    public long length() {
        return length + ("--" + boundary + "--\r\n").length();
    }

    public InputStream stream() {
        List<InputStream> streams = new ArrayList<>();
        pieces.forEach(piece -> streams.add(piece.get()));
        streams.add(new ByteArrayInputStream(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII)));
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    public byte[] toBytes() {
        try (InputStream in = stream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public HttpRequest.BodyPublisher publisher() {
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(this::stream), length());
    }

    /** {@code size} bytes of a repeating pattern, generated as read (a large file without the memory). */
    public static InputStream generated(long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? (int) (left % 251) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) ((left - i) % 251);
                }
                left -= n;
                return n;
            }
        };
    }
}
