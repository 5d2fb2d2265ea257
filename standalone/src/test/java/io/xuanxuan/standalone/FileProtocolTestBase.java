package io.xuanxuan.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xuanxuan.bus.MessageBus;
import io.xuanxuan.file.storage.BlobStore;
import io.xuanxuan.file.storage.LocalBlobStore;
import io.xuanxuan.file.store.FileObjectStore;
import io.xuanxuan.model.bus.ChatEvent;
import io.xuanxuan.model.bus.Topics;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.model.objects.Chat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Helpers of the file protocol tests: HTTP requests to the standalone server's port, sessions from a real
 * socket login, chats from the socket's {@code create} (the chat service publishes the chat event the file
 * service learns members from). The file service learns both from events, which may arrive a little after the
 * socket's response: the helpers wait until the file service knows them.
 */
abstract class FileProtocolTestBase extends StandaloneServerTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    MessageBus bus;

    @Autowired
    BlobStore fileBlobStore;

    @Autowired
    FileObjectStore fileObjects;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static long id(WsClient client) {
        return client.user.path("id").asLong();
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    HttpResponse<byte[]> post(String pathAndQuery, FileMultipart body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(pathAndQuery)))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", body.contentType()).POST(body.publisher());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<byte[]> get(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(pathAndQuery))).timeout(Duration.ofSeconds(60));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.GET().build());
    }

    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return ProtocolJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    /** An upload that must succeed; answers its {@code data} array. */
    JsonNode uploadOk(String pathAndQuery, FileMultipart body, String... headers) {
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
    static JsonNode assertRefused(HttpResponse<byte[]> response, int status, String result, String messagePart) {
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

    /** Logs in over the socket and waits until the file service accepts the session's sid. */
    WsClient fileUser(String account) {
        WsClient client = login(account);
        awaitSid(client.sid, true);
        return client;
    }

    /** Waits until the file service accepts (or no longer accepts) a sid: 401 means it does not know it. */
    void awaitSid(String sid, boolean known) {
        await(() -> (get("/api/attach/download?id=0&sid=" + sid).statusCode() != 401) == known,
                "the file service " + (known ? "accepts" : "forgets") + " sid " + sid);
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * A new group chat of the creator and others, made with the socket's {@code create}; once the file
     * service knows each member (their attach/getList succeeds), answers its gid. If the chat service cannot
     * create chats, the chat event is published on the bus instead (and a line says so).
     */
    String groupChat(WsClient creator, WsClient... others) {
        String gid = UUID.randomUUID().toString();
        List<Long> members = new ArrayList<>();
        members.add(id(creator));
        for (WsClient other : others) {
            members.add(id(other));
        }
        JsonNode created = creator.request(creator.named("create", "gid", gid, "name", "files " + gid.substring(0, 8),
                "type", "group", "members", members, "subject", 0, "public", false));
        if (!"success".equals(created.path("result").asText())) {
            assertThat(created.path("message").asText()).as("create refused: " + created).contains("not available");
            System.out.println("chat/create is not available: publishing the chat event for " + gid + " directly");
            publishChat(gid, members);
        }
        List<WsClient> all = new ArrayList<>(List.of(others));
        all.add(creator);
        for (WsClient member : all) {
            await(() -> "success".equals(attachList(member, gid).path("result").asText()),
                    member.user.path("account").asText() + " is a member of " + gid + " for the file service");
        }
        return gid;
    }

    /** A chat event as the chat service would publish it (for chats the chat service does not have). */
    void publishChat(String gid, List<Long> members) {
        Chat chat = new Chat(0, gid, "files", Chat.TYPE_GROUP, List.of(members.get(0)), "", 0, false, "admin", 0,
                "", 0, 0, members, null, null, null);
        bus.publish(Topics.EVENTS_CHAT, gid, ChatEvent.of(ChatEvent.Type.CREATED, chat)).block(WAIT);
    }

    static JsonNode attachList(WsClient client, String gid) {
        return client.request(client.envelope("attach", "getList", ProtocolJson.nodes().objectNode().put("gid", gid)));
    }

    /** Every file in the local blob store's directory (objects and temporary parts). */
    List<String> storedObjects() {
        Path root = ((LocalBlobStore) fileBlobStore).root();
        for (int attempt = 0; ; attempt++) {
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile).map(path -> root.relativize(path).toString()).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                // a file vanished during the walk (a clean-up running): look again
                if (attempt > 20) {
                    throw new AssertionError("cannot list " + root, e);
                }
            }
        }
    }

    long rows() {
        return fileObjects.count().block(WAIT);
    }
}
