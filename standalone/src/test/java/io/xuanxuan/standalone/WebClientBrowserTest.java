package io.xuanxuan.standalone;

import static io.xuanxuan.standalone.WebClientPage.WAIT;
import static io.xuanxuan.standalone.WebClientPage.click;
import static io.xuanxuan.standalone.WebClientPage.clickChat;
import static io.xuanxuan.standalone.WebClientPage.fileLinks;
import static io.xuanxuan.standalone.WebClientPage.js;
import static io.xuanxuan.standalone.WebClientPage.messages;
import static io.xuanxuan.standalone.WebClientPage.openChatWith;
import static io.xuanxuan.standalone.WebClientPage.send;
import static io.xuanxuan.standalone.WebClientPage.signOut;
import static io.xuanxuan.standalone.WebClientPage.texts;
import static io.xuanxuan.standalone.WebClientPage.unreadOf;
import static io.xuanxuan.standalone.WebClientPage.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.gateway.transport.ConnectionRegistry;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.testclient.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * The web client in a real headless Chromium (Debian's {@code chromium} and {@code chromedriver}), against the
 * standalone server: what a person does in the browser, checked in the page. Screenshots of the main views go to
 * {@code target/screenshots/} on every run.
 *
 * <p>Without Chromium the tests are skipped with the reason, unless the environment variable {@code CI} is set:
 * then they fail, so a CI machine without the browser cannot pass them silently.
 */
class WebClientBrowserTest extends ThreeBrowsersTest {

    @Autowired
    ConnectionRegistry connections;

    // ---------- what a person does ----------

    String base() {
        return "http://127.0.0.1:" + port;
    }

    static void screenshot(WebDriver browser, String name) throws IOException {
        Chromium.screenshot(browser, name);
    }

    static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    // ---------- the tests ----------

    @Test
    void aliceSendsAndBobSeesItLiveWithLineBreaksAndLinks() throws IOException {
        aliceBrowser.get(base() + "/");
        waitFor(aliceBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        screenshot(aliceBrowser, "01-login");

        signIn(bobBrowser, "bob");
        openChatWith(bobBrowser, "alice", "Alice");
        js(bobBrowser).executeScript("window.__samePage = true");

        signIn(aliceBrowser, "alice");
        openChatWith(aliceBrowser, "bob", "Bob");
        String first = "Hello Bob " + tag();
        String link = "https://example.com/plan?x=1";
        send(aliceBrowser, first, "second line, see " + link);

        String expected = first + "\nsecond line, see " + link;
        waitFor(bobBrowser).until(d -> texts(d).contains(expected));
        assertThat(js(bobBrowser).executeScript("return window.__samePage")).as("no reload: it came live").isEqualTo(true);
        Map<String, String> onBobsSide = messages(bobBrowser).stream().filter(m -> m.get("text").equals(expected)).findFirst().orElseThrow();
        assertThat(onBobsSide.get("mine")).isEqualTo("false");
        assertThat(messages(aliceBrowser).stream().filter(m -> m.get("text").equals(expected)).findFirst().orElseThrow().get("mine"))
                .isEqualTo("true");
        @SuppressWarnings("unchecked")
        List<String> anchor = (List<String>) js(bobBrowser).executeScript(
                "const a = document.querySelector('#messages a[href=\"' + arguments[0] + '\"]'); return a ? [a.textContent, a.rel] : null", link);
        assertThat(anchor).as("the address became a link").isNotNull();
        assertThat(anchor.get(0)).isEqualTo(link);
        assertThat(anchor.get(1)).contains("noopener");
        screenshot(aliceBrowser, "02-conversation-alice");
        screenshot(bobBrowser, "03-conversation-bob");
    }

    @Test
    void bobGetsTheMessagesSentWhileHeWasAwayInOrder() throws IOException {
        signIn(bobBrowser, "bob");
        signOut(bobBrowser);

        signIn(aliceBrowser, "alice");
        openChatWith(aliceBrowser, "bob", "Bob");
        String tag = tag();
        List<String> sent = List.of("away 1 " + tag, "away 2 " + tag, "away 3 " + tag);
        sent.forEach(text -> send(aliceBrowser, text));

        signIn(bobBrowser, "bob");
        // the three arrive at login, before bob opens anything: the chat shows them as unread
        waitFor(bobBrowser).until(d -> "3".equals(unreadOf(d, "Alice")));
        screenshot(bobBrowser, "04-chat-list-unread");
        clickChat(bobBrowser, "Alice");
        waitFor(bobBrowser).until(d -> texts(d).containsAll(sent));
        List<String> shown = texts(bobBrowser).stream().filter(sent::contains).toList();
        assertThat(shown).containsExactlyElementsOf(sent);
        assertThat(unreadOf(bobBrowser, "Alice")).isEmpty();
    }

    @Test
    void aGroupWithAThirdUserGetsItsMessagesAndTheClientSpeaksChinese() throws IOException {
        carolBrowser.get(base() + "/");
        waitFor(carolBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        assertThat(carolBrowser.findElement(By.id("login-button")).getText()).isEqualTo("登录");
        signIn(carolBrowser, "carol");
        signIn(bobBrowser, "bob");

        signIn(aliceBrowser, "alice");
        String name = "Launch " + tag();
        aliceBrowser.findElement(By.id("new-group-button")).click();
        waitFor(aliceBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.id("group-name"))).sendKeys(name);
        aliceBrowser.findElement(By.cssSelector("#group-members input[data-account='carol']")).click();
        screenshot(aliceBrowser, "05-new-group");
        aliceBrowser.findElement(By.id("group-submit")).click();
        waitFor(aliceBrowser).until(ExpectedConditions.textToBe(By.id("chat-title"), name));
        String text = "Welcome to the group " + tag();
        send(aliceBrowser, text);

        // carol: the group appears live, with the message
        clickChat(carolBrowser, name);
        waitFor(carolBrowser).until(d -> texts(d).contains(text));
        assertThat(carolBrowser.findElement(By.id("send-button")).getText()).isEqualTo("发送");
        screenshot(carolBrowser, "06-group-carol-zh");

        // bob is invited later and reads what was said before
        aliceBrowser.findElement(By.id("invite-button")).click();
        waitFor(aliceBrowser).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#group-members input[data-account='bob']"))).click();
        aliceBrowser.findElement(By.id("group-submit")).click();
        clickChat(bobBrowser, name);
        waitFor(bobBrowser).until(d -> texts(d).contains(text));
    }

    @Test
    void aMessageWithMarkupIsShownAsTextAndRunsNothing() throws IOException {
        signIn(bobBrowser, "bob");
        openChatWith(bobBrowser, "alice", "Alice");
        signIn(aliceBrowser, "alice");
        openChatWith(aliceBrowser, "bob", "Bob");
        String hostile = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\"><b>bold</b> " + tag();
        send(aliceBrowser, hostile);

        waitFor(bobBrowser).until(d -> texts(d).contains(hostile));
        // the message's text is one text node: no element was made from it
        Object nodes = js(bobBrowser).executeScript("const m = [...document.querySelectorAll('#messages .message .text')]"
                + ".find(e => e.textContent === arguments[0]);"
                + " return [...m.childNodes].map(n => n.nodeType === Node.TEXT_NODE ? '#text' : n.nodeName).join(',')", hostile);
        assertThat(nodes).as("the markup stayed text").isEqualTo("#text");
        assertThat(js(bobBrowser).executeScript("return typeof window.__xss")).isEqualTo("undefined");
        assertThat(js(aliceBrowser).executeScript("return typeof window.__xss")).isEqualTo("undefined");
        screenshot(bobBrowser, "07-markup-as-text");
    }

    @Test
    void aFileUploadedByOneIsDownloadedByTheOtherByteForByteAndAnImageShowsInline(TestInfo info) throws Exception {
        signIn(bobBrowser, "bob");
        openChatWith(bobBrowser, "alice", "Alice");
        signIn(aliceBrowser, "alice");
        openChatWith(aliceBrowser, "bob", "Bob");

        Path dir = Files.createTempDirectory("xx-upload-");
        byte[] data = new byte[300_000];
        new Random(16).nextBytes(data);
        Path file = dir.resolve("report-" + tag() + ".bin");
        Files.write(file, data);
        Path image = dir.resolve("chart-" + tag() + ".png");
        writePng(image);

        WebElement picker = aliceBrowser.findElement(By.id("file-input"));
        picker.sendKeys(file.toAbsolutePath().toString());
        String fileName = file.getFileName().toString();
        waitFor(bobBrowser).until(d -> fileLinks(d).stream().anyMatch(a -> a.get("text").contains(fileName)));
        String href = fileLinks(bobBrowser).stream().filter(a -> a.get("text").contains(fileName)).findFirst()
                .orElseThrow().get("href");
        // bob's browser follows the link the page gives it
        String base64 = (String) js(bobBrowser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(r => r.ok ? r.arrayBuffer() : Promise.reject(r.status))"
                + ".then(b => { let s = ''; new Uint8Array(b).forEach(x => s += String.fromCharCode(x)); done(btoa(s)); })"
                + ".catch(e => done('failed: ' + e))", href);
        assertThat(base64).doesNotStartWith("failed");
        assertThat(Base64.getDecoder().decode(base64)).isEqualTo(data);

        picker.sendKeys(image.toAbsolutePath().toString());
        waitFor(bobBrowser).until(d -> Boolean.TRUE.equals(js(d).executeScript(
                "return [...document.querySelectorAll('#messages img.inline')].some(i => i.alt === arguments[0]"
                        + " && i.complete && i.naturalWidth === 120)", image.getFileName().toString())));
        screenshot(bobBrowser, "08-files-bob");
    }

    @Test
    void aFileDroppedOnTheConversationIsSent() {
        signIn(bobBrowser, "bob");
        openChatWith(bobBrowser, "alice", "Alice");
        signIn(aliceBrowser, "alice");
        openChatWith(aliceBrowser, "bob", "Bob");
        String name = "dropped-" + tag() + ".txt";
        // what a drop from the desktop hands the page: a drop event whose DataTransfer holds a file
        js(aliceBrowser).executeScript("const transfer = new DataTransfer();"
                + "transfer.items.add(new File(['dropped content'], arguments[0], {type: 'text/plain'}));"
                + "const target = document.getElementById('messages');"
                + "target.dispatchEvent(new DragEvent('dragover', {dataTransfer: transfer, bubbles: true, cancelable: true}));"
                + "target.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));", name);
        waitFor(bobBrowser).until(d -> fileLinks(d).stream().anyMatch(a -> a.get("text").contains(name)));
    }

    @Test
    void anOversizedFileIsRefusedBeforeTheUploadStarts() throws Exception {
        signIn(aliceBrowser, "alice");
        openChatWith(aliceBrowser, "bob", "Bob");
        int before = messages(aliceBrowser).size();
        Path big = Files.createTempDirectory("xx-upload-").resolve("huge-" + tag() + ".iso");
        try (RandomAccessFile sparse = new RandomAccessFile(big.toFile(), "rw")) {
            sparse.setLength(32L * 1024 * 1024 + 1);
        }
        aliceBrowser.findElement(By.id("file-input")).sendKeys(big.toAbsolutePath().toString());
        waitFor(aliceBrowser).until(d -> d.findElement(By.id("composer-error")).getText().contains(big.getFileName().toString()));
        assertThat(aliceBrowser.findElement(By.id("composer-error")).getText()).contains("32 MiB", "not uploaded");
        Object uploads = js(aliceBrowser).executeScript("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/api/attach/upload')).length");
        assertThat(uploads).as("no upload request left the browser").isEqualTo(0L);
        assertThat(messages(aliceBrowser)).hasSize(before);
        screenshot(aliceBrowser, "09-oversized-refused");
        Files.delete(big);
    }

    @Test
    void aDroppedConnectionIsReconnectedVisiblyAndNothingSentMeanwhileIsLost() throws IOException {
        signIn(bobBrowser, "bob");
        openChatWith(bobBrowser, "alice", "Alice");
        js(bobBrowser).executeScript("window.__samePage = true");
        signIn(aliceBrowser, "alice");
        openChatWith(aliceBrowser, "bob", "Bob");

        // the server drops bob's socket (as a restart would): the page says so and tries again
        long bobId = accounts.findByAccount("bob").block(WAIT).id();
        assertThat(connections.ofUser(bobId)).isNotEmpty();
        connections.ofUser(bobId).forEach(c -> c.closeNow(CloseStatus.GOING_AWAY));
        waitFor(bobBrowser).until(d -> d.findElement(By.id("notice")).isDisplayed());
        assertThat(bobBrowser.findElement(By.id("notice")).getText()).containsAnyOf("Reconnecting", "Connection lost");
        screenshot(bobBrowser, "11-reconnecting");
        String meanwhile = "While you were away " + tag();
        send(aliceBrowser, meanwhile);

        // back on the same page (no reload), signed in again, with the message
        waitFor(bobBrowser).withTimeout(Duration.ofSeconds(20)).until(d -> texts(d).contains(meanwhile));
        waitFor(bobBrowser).until(d -> d.findElement(By.id("notice")).getText().contains("Reconnected")
                || !d.findElement(By.id("notice")).isDisplayed());
        assertThat(js(bobBrowser).executeScript("return window.__samePage")).isEqualTo(true);
        assertThat(connections.ofUser(bobId)).isNotEmpty();
        String reply = "Back again " + tag();
        send(bobBrowser, reply);
        waitFor(aliceBrowser).until(d -> texts(d).contains(reply));
    }

    @Test
    void aPublicGroupIsJoinedAndAMessageRefusedIsRetriedWithItsGid() throws IOException {
        signIn(carolBrowser, "carol");
        signIn(bobBrowser, "bob");
        String name = "Open " + tag();
        bobBrowser.findElement(By.id("new-group-button")).click();
        waitFor(bobBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.id("group-name"))).sendKeys(name);
        bobBrowser.findElement(By.cssSelector("#group-members input[data-account='dave']")).click();
        bobBrowser.findElement(By.id("group-submit")).click();
        waitFor(bobBrowser).until(ExpectedConditions.textToBe(By.id("chat-title"), name));
        bobBrowser.findElement(By.id("public-button")).click();
        waitFor(bobBrowser).until(ExpectedConditions.textToBe(By.id("public-button"), "Make private"));

        // carol finds it among the public groups and joins
        carolBrowser.findElement(By.id("public-groups-button")).click();
        waitFor(carolBrowser).until(d -> Boolean.TRUE.equals(js(d).executeScript(
                "return [...document.querySelectorAll('#public-list button')].some(b => b.querySelector('.name').textContent === arguments[0])", name)));
        js(carolBrowser).executeScript("[...document.querySelectorAll('#public-list button')]"
                + ".find(b => b.querySelector('.name').textContent === arguments[0]).click()", name);
        waitFor(carolBrowser).until(ExpectedConditions.textToBe(By.id("chat-title"), name));
        String hello = "Hello from carol " + tag();
        send(carolBrowser, hello);
        waitFor(bobBrowser).until(d -> texts(d).contains(hello));

        // bob lets only admins post: carol's next message is refused, shown as not sent, with a retry
        new Select(bobBrowser.findElement(By.id("committers-select"))).selectByValue("$ADMINS");
        waitFor(bobBrowser).until(d -> "$ADMINS".equals(js(d).executeScript("return document.getElementById('committers-select').value")));
        String refused = "Am I allowed " + tag();
        WebElement input = carolBrowser.findElement(By.id("message-input"));
        input.sendKeys(refused);
        carolBrowser.findElement(By.id("send-button")).click();
        waitFor(carolBrowser).until(d -> messages(d).stream().anyMatch(m -> m.get("text").equals(refused) && m.get("state").equals("failed")));
        screenshot(carolBrowser, "14-refused-with-retry");

        // allowed again, the retry sends the same gid: bob gets it once
        new Select(bobBrowser.findElement(By.id("committers-select"))).selectByValue("$ALL");
        // the server has the change once bob's page shows it (it renders the answer)
        waitFor(bobBrowser).until(d -> "$ALL".equals(js(d).executeScript("return document.getElementById('committers-select').value")));
        String gid = (String) js(carolBrowser).executeScript("return [...document.querySelectorAll('#messages .message')]"
                + ".find(m => m.querySelector('.text').textContent === arguments[0]).dataset.gid", refused);
        click(carolBrowser, "#messages .message[data-gid='" + gid + "'] .retry");
        waitFor(carolBrowser).until(d -> messages(d).stream().anyMatch(m -> m.get("text").equals(refused) && m.get("state").equals("sent")));
        waitFor(bobBrowser).until(d -> texts(d).contains(refused));
        assertThat(texts(bobBrowser).stream().filter(refused::equals)).hasSize(1);
        assertThat(bobBrowser.findElements(By.cssSelector("#messages .message[data-gid='" + gid + "']"))).hasSize(1);
    }

    @Test
    void aGroupIsStarredMutedRenamedHiddenAndLeft() {
        signIn(bobBrowser, "bob");
        String first = createGroup(bobBrowser, "Flags " + tag(), "dave");
        bobBrowser.findElement(By.id("star-button")).click();
        waitFor(bobBrowser).until(ExpectedConditions.textToBe(By.id("star-button"), "Unstar"));
        bobBrowser.findElement(By.id("mute-button")).click();
        waitFor(bobBrowser).until(ExpectedConditions.textToBe(By.id("mute-button"), "Unmute"));

        // stored by the server: a new sign-in shows both flags
        signIn(bobBrowser, "bob");
        waitFor(bobBrowser).until(d -> "★,muted".equals(flagsOf(d, first)));

        clickChat(bobBrowser, first);
        String renamed = "Renamed " + tag();
        bobBrowser.findElement(By.id("rename-button")).click();
        waitFor(bobBrowser).until(ExpectedConditions.alertIsPresent()).sendKeys(renamed);
        bobBrowser.switchTo().alert().accept();
        waitFor(bobBrowser).until(ExpectedConditions.textToBe(By.id("chat-title"), renamed));
        waitFor(bobBrowser).until(d -> flagsOf(d, renamed) != null);

        bobBrowser.findElement(By.id("hide-button")).click();
        waitFor(bobBrowser).until(d -> flagsOf(d, renamed) == null);
        assertThat(bobBrowser.findElement(By.id("no-chat")).isDisplayed()).isTrue();

        String second = createGroup(bobBrowser, "Leave " + tag(), "dave");
        bobBrowser.findElement(By.id("leave-button")).click();
        waitFor(bobBrowser).until(ExpectedConditions.alertIsPresent()).accept();
        waitFor(bobBrowser).until(d -> flagsOf(d, second) == null);
        // gone for good: not in the list of a new sign-in either
        signIn(bobBrowser, "bob");
        assertThat(flagsOf(bobBrowser, second)).isNull();
        assertThat(flagsOf(bobBrowser, renamed)).isNull();
    }

    /** Creates a group with the members (accounts) from the dialog; answers its name once it is open. */
    static String createGroup(WebDriver browser, String name, String... members) {
        browser.findElement(By.id("new-group-button")).click();
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("group-name"))).sendKeys(name);
        for (String member : members) {
            browser.findElement(By.cssSelector("#group-members input[data-account='" + member + "']")).click();
        }
        browser.findElement(By.id("group-submit")).click();
        waitFor(browser).until(ExpectedConditions.textToBe(By.id("chat-title"), name));
        return name;
    }

    /** The flags (star, muted) shown on the chat named {@code name}, comma-joined; null if the list does not show it. */
    static String flagsOf(WebDriver browser, String name) {
        return (String) js(browser).executeScript("const b = [...document.querySelectorAll('#chat-list button')]"
                + ".find(b => b.querySelector('.name').textContent === arguments[0]);"
                + " return b ? [...b.querySelectorAll('.flag')].map(f => f.textContent).join(',') : null;", name);
    }

    @Test
    void notificationsAreAskedForKeptInSettingsAndShownWhileTheTabIsHidden() {
        // the person answers the browser's question with "allow"
        bobBrowser.executeCdpCommand("Browser.grantPermissions",
                Map.of("origin", base(), "permissions", List.of("notifications")));
        signIn(bobBrowser, "bob");
        WebElement toggle = bobBrowser.findElement(By.id("notify-toggle"));
        if (!toggle.isSelected()) {
            toggle.click();
        }
        // kept through the protocol's settings: once saved, a new sign-in reads it back
        waitFor(bobBrowser).until(d -> "true".equals(js(d).executeScript("return document.getElementById('notify-toggle').dataset.saved")));
        signIn(bobBrowser, "bob");
        waitFor(bobBrowser).until(d -> Boolean.TRUE.equals(js(d).executeScript("return document.getElementById('notify-toggle').checked")));

        // the tab goes to the background; notifications are recorded instead of shown
        js(bobBrowser).executeScript("window.__notes = [];"
                + "window.Notification = class { constructor(title, options) { window.__notes.push(title + ' | ' + options.body); }"
                + " static get permission() { return 'granted'; } };"
                + "Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});");
        signIn(aliceBrowser, "alice");
        openChatWith(aliceBrowser, "bob", "Bob");
        String text = "Are you there? " + tag();
        send(aliceBrowser, text);
        waitFor(bobBrowser).until(d -> String.valueOf(js(d).executeScript("return window.__notes.join('\\n')")).contains(text));
        assertThat(js(bobBrowser).executeScript("return window.__notes")).asString().contains("New message from Alice | " + text);

        // off again (saved as such)
        signIn(bobBrowser, "bob");
        waitFor(bobBrowser).until(d -> Boolean.TRUE.equals(js(d).executeScript("return document.getElementById('notify-toggle').checked")));
        bobBrowser.findElement(By.id("notify-toggle")).click();
        waitFor(bobBrowser).until(d -> "false".equals(js(d).executeScript("return document.getElementById('notify-toggle').dataset.saved")));
    }

    @Test
    void historyIsPagedBackAsTheReaderScrollsUp() throws IOException {
        // dave (a protocol client) fills a group with carol: one page and a bit more
        String tag = tag();
        String name = "History " + tag;
        long carolId = accounts.findByAccount("carol").block(WAIT).id();
        List<String> sent = new ArrayList<>();
        try (WsClient dave = WsClient.login(port, "dave", "123456")) {
            long daveId = dave.user.path("id").asLong();
            String gid = UUID.randomUUID().toString();
            JsonNode created = dave.request(dave.named("create", "gid", gid, "name", name, "type", "group",
                    "members", List.of(daveId, carolId), "subject", 0, "public", false));
            assertThat(created.path("result").asText()).as(created.toString()).isEqualTo("success");
            for (int i = 1; i <= 25; i++) {
                String text = String.format("page message %02d %s", i, tag);
                ObjectNode message = ProtocolJson.nodes().objectNode().put("gid", UUID.randomUUID().toString())
                        .put("cgid", gid).put("type", "normal").put("contentType", "text").put("content", text)
                        .put("date", "").put("user", daveId);
                ObjectNode params = ProtocolJson.nodes().objectNode();
                params.putArray("messages").add(message);
                JsonNode stored = dave.request(dave.envelope("chat", "message", params));
                assertThat(stored.path("result").asText()).as(stored.toString()).isEqualTo("success");
                sent.add(text);
            }
        }

        signIn(carolBrowser, "carol");
        clickChat(carolBrowser, name);
        waitFor(carolBrowser).until(d -> texts(d).contains(sent.get(24)));
        assertThat(texts(carolBrowser)).as("the newest page first").containsExactlyElementsOf(sent.subList(5, 25));
        js(carolBrowser).executeScript("document.getElementById('messages').scrollTop = 0");
        waitFor(carolBrowser).until(d -> texts(d).contains(sent.get(0)));
        assertThat(texts(carolBrowser)).containsExactlyElementsOf(sent);
    }

    @Test
    void atAPhonesWidthTheListAndTheConversationTakeTurns() throws IOException {
        signIn(bobBrowser, "bob");
        bobBrowser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            assertThat(bobBrowser.findElement(By.id("sidebar")).isDisplayed()).isTrue();
            openChatWith(bobBrowser, "alice", "Alice");
            assertThat(bobBrowser.findElement(By.id("sidebar")).isDisplayed()).isFalse();
            assertThat(bobBrowser.findElement(By.id("message-input")).isDisplayed()).isTrue();
            screenshot(bobBrowser, "10-phone-conversation");
            bobBrowser.findElement(By.id("back-button")).click();
            waitFor(bobBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.id("sidebar")));
        } finally {
            bobBrowser.manage().window().setSize(new org.openqa.selenium.Dimension(1200, 800));
        }
    }

    static void writePng(Path path) throws IOException {
        BufferedImage image = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x1f5fa8));
        g.fillRect(0, 0, 120, 80);
        g.setColor(Color.WHITE);
        g.fillRect(10, 40, 20, 30);
        g.fillRect(45, 20, 20, 50);
        g.fillRect(80, 30, 20, 40);
        g.dispose();
        ImageIO.write(image, "png", path.toFile());
    }
}
