package io.xuanxuan.standalone;

import io.xuanxuan.file.Multipart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.testclient.ProtocolClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Helpers of the file protocol tests: HTTP requests to the standalone server's port, sessions from a real
 * socket login, chats from the socket's {@code create} (the chat service publishes the chat event the file
 * service learns members from). The file service learns both from events, which may arrive a little after the
 * socket's response: the helpers wait until the file service knows them.
 */
public interface FileProtocolSupport extends ProtocolTestSupport {

    Duration WAIT = Duration.ofSeconds(10);

    HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** The HTTP port of the file service (the standalone server's one port, or the file service's own). */
    int filePort();

    /** Every object (and temporary part) in the file store, to check that a refusal leaves nothing. */
    List<String> storedObjects();

    /** Rows of the file service's file table. */
    long rows();

    default byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    default long id(ProtocolClient client) {
        return client.user.path("id").asLong();
    }

    default String url(String pathAndQuery) {
        return "http://127.0.0.1:" + filePort() + pathAndQuery;
    }

    default HttpResponse<byte[]> post(String pathAndQuery, Multipart body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(pathAndQuery)))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", body.contentType()).POST(body.publisher());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    default HttpResponse<byte[]> get(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(pathAndQuery))).timeout(Duration.ofSeconds(60));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.GET().build());
    }

    default HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    default JsonNode json(HttpResponse<byte[]> response) {
        try {
            return ProtocolJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    /** An upload that must succeed; answers its {@code data} array. */
    default JsonNode uploadOk(String pathAndQuery, Multipart body, String... headers) {
        HttpResponse<byte[]> response = post(pathAndQuery, body, headers);
        assertThat(response.statusCode()).as(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(200);
        JsonNode answer = json(response);
        assertThat(answer.path("module").asText()).isEqualTo("attach");
        assertThat(answer.path("method").asText()).isEqualTo("upload");
        assertThat(answer.path("result").asText()).isEqualTo("success");
        return answer.path("data");
    }

    /** A 4xx with the JSON body {result, message} a person can act on. */
    default JsonNode assertRefused(HttpResponse<byte[]> response, int status, String result, String messagePart) {
        String text = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(text).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.path("result").asText()).as(text).isEqualTo(result);
        assertThat(body.path("message").asText()).as(text).contains(messagePart);
        assertThat(body.path("message").asText()).as("a sentence").endsWith(".");
        return body;
    }

    /**
     * The port {@code getconfig} tells a 1.0 client to connect to: the TCP door's where a TCP variant runs (the
     * door is on there), else the port the request came to (no door configured).
     */
    default int getconfigPort() {
        return transport() == Transport.TCP ? nextTcpPort() : filePort();
    }

    /** Logs in over the socket and waits until the file service accepts the session's sid. */
    default ProtocolClient fileUser(String account) {
        ProtocolClient client = client(account);
        awaitSid(client.sid, true);
        return client;
    }

    /** Waits until the file service accepts (or no longer accepts) a sid: 401 means it does not know it. */
    default void awaitSid(String sid, boolean known) {
        await(() -> (get("/api/attach/download?id=0&sid=" + sid).statusCode() != 401) == known,
                "the file service " + (known ? "accepts" : "forgets") + " sid " + sid);
    }

    default void await(BooleanSupplier condition, String what) {
        Waits.until(what, WAIT, Duration.ofMillis(25), condition::getAsBoolean);
    }

    /**
     * A new group chat of the creator and others, made with the socket's {@code create}; once the file
     * service knows each member (their attach/getList succeeds), answers its gid. If the chat service cannot
     * create chats, the chat event is published on the bus instead (and a line says so).
     */
    default String groupChat(ProtocolClient creator, ProtocolClient... others) {
        String gid = UUID.randomUUID().toString();
        List<Long> members = new ArrayList<>();
        members.add(id(creator));
        for (ProtocolClient other : others) {
            members.add(id(other));
        }
        JsonNode created = creator.request(creator.named("create", "gid", gid, "name", "files " + gid.substring(0, 8),
                "type", "group", "members", members, "subject", 0, "public", false));
        assertThat(created.path("result").asText()).as("create: " + created).isEqualTo("success");
        List<ProtocolClient> all = new ArrayList<>(List.of(others));
        all.add(creator);
        for (ProtocolClient member : all) {
            await(() -> "success".equals(attachList(member, gid).path("result").asText()),
                    member.user.path("account").asText() + " is a member of " + gid + " for the file service");
        }
        return gid;
    }

    default JsonNode attachList(ProtocolClient client, String gid) {
        return client.request(client.envelope("attach", "getList", ProtocolJson.nodes().objectNode().put("gid", gid)));
    }
}
