package io.xuanxuan.standalone;

import static io.xuanxuan.standalone.WebClientPage.click;
import static io.xuanxuan.standalone.WebClientPage.clickChat;
import static io.xuanxuan.standalone.WebClientPage.js;
import static io.xuanxuan.standalone.WebClientPage.messages;
import static io.xuanxuan.standalone.WebClientPage.send;
import static io.xuanxuan.standalone.WebClientPage.texts;
import static io.xuanxuan.standalone.WebClientPage.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xuanxuan.model.json.ProtocolJson;
import io.xuanxuan.testclient.WsClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web client in a real headless Chromium against the standalone server (the shared context of the protocol
 * tests): who may post (a chat's chosen members, the system chat's admins), day separators, emoticons as the
 * protocol sends them. Skipped without Chromium unless {@code CI} is set, as {@link WebClientBrowserTest}.
 */
class WebClientPostingBrowserTest extends ThreeBrowsersTest {

    static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Types and sends a message the server refuses; answers what the page says under it. */
    static String sendRefused(WebDriver browser, String text) {
        browser.findElement(By.id("message-input")).sendKeys(text);
        browser.findElement(By.id("send-button")).click();
        waitFor(browser).withMessage(() -> "not shown as refused: " + messages(browser))
                .until(d -> messages(d).stream().anyMatch(m -> m.get("text").equals(text) && m.get("state").equals("failed")));
        return (String) js(browser).executeScript("return [...document.querySelectorAll('#messages .message')]"
                + ".find(m => m.querySelector('.text').textContent === arguments[0]).querySelector('.state').textContent", text);
    }

    static void waitUntilPickerClosed(WebDriver browser) {
        waitFor(browser).withMessage(() -> "the dialog stayed open: " + browser.findElement(By.id("pick-error")).getText())
                .until(d -> Boolean.FALSE.equals(js(d).executeScript("return document.getElementById('pick-dialog').open")));
        // as a person does, click into the message box before typing: after a modal dialog closed, keys that
        // chromedriver sends to an element it did not click reached nothing (seen here; a real click cures it)
        new Actions(browser).click(browser.findElement(By.id("message-input"))).perform();
    }

    @Test
    void anAdminLetsOnlyBobPostCarolIsRefusedWithTheServersReasonAndBobIsNot() throws IOException {
        signIn(bobBrowser, "bob");
        signIn(carolBrowser, "carol");
        signIn(aliceBrowser, "alice");
        String name = WebClientBrowserTest.createGroup(aliceBrowser, "Chosen " + tag(), "bob", "carol");

        // alice (its creator, an admin) chooses who may post: only bob
        new Select(aliceBrowser.findElement(By.id("committers-select"))).selectByValue("$CHOSEN");
        waitFor(aliceBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.id("pick-dialog")));
        assertThat(aliceBrowser.findElement(By.id("pick-title")).getText()).isEqualTo("Who may post in this chat");
        click(aliceBrowser, "#pick-members input[data-account='bob']");
        Chromium.screenshot(aliceBrowser, "15-who-may-post");
        aliceBrowser.findElement(By.id("pick-submit")).click();
        waitUntilPickerClosed(aliceBrowser);
        waitFor(aliceBrowser).until(d -> "$CHOSEN".equals(js(d).executeScript("return document.getElementById('committers-select').value")));
        assertThat(aliceBrowser.findElement(By.id("committers-edit")).isDisplayed()).isTrue();

        clickChat(carolBrowser, name);
        String refused = "May I? " + tag();
        assertThat(sendRefused(carolBrowser, refused)).contains("You are not among the users allowed to post in this chat.");

        clickChat(bobBrowser, name);
        String allowed = "Bob may " + tag();
        send(bobBrowser, allowed);
        waitFor(aliceBrowser).until(d -> texts(d).contains(allowed));
        waitFor(carolBrowser).until(d -> texts(d).contains(allowed));
        assertThat(texts(aliceBrowser)).doesNotContain(refused);

        // the dialog opens again with bob ticked, and only him
        aliceBrowser.findElement(By.id("committers-edit")).click();
        waitFor(aliceBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.id("pick-dialog")));
        assertThat(js(aliceBrowser).executeScript("return [...document.querySelectorAll('#pick-members input:checked')]"
                + ".map(b => b.dataset.account).join(',')")).isEqualTo("bob");
        aliceBrowser.findElement(By.id("pick-cancel")).click();
    }

    @Test
    void aSystemAdministratorChoosesWhoMayPostInTheSystemChat() throws IOException {
        long bobId = accounts.findByAccount("bob").block(WebClientPage.WAIT).id();
        try {
            signIn(bobBrowser, "bob");
            signIn(carolBrowser, "carol");
            signIn(aliceBrowser, "admin"); // the demo data's system administrator (admin: super)
            clickChat(aliceBrowser, "System");
            click(aliceBrowser, "#system-admins-button");
            waitFor(aliceBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.id("pick-dialog")));
            click(aliceBrowser, "#pick-members input[data-account='bob']");
            aliceBrowser.findElement(By.id("pick-submit")).click();
            waitUntilPickerClosed(aliceBrowser);

            clickChat(carolBrowser, "System");
            String refused = "Hello everyone " + tag();
            assertThat(sendRefused(carolBrowser, refused)).contains("Only the admins of the system chat");

            clickChat(bobBrowser, "System");
            String allowed = "Bob speaking to everyone " + tag();
            send(bobBrowser, allowed);
            waitFor(carolBrowser).until(d -> texts(d).contains(allowed));
            Chromium.screenshot(carolBrowser, "16-system-chat-zh");

            // a user who is not a system administrator is not offered the choice
            assertThat(bobBrowser.findElement(By.id("system-admins-button")).isDisplayed()).isFalse();

            // and back: no admins, so system administrators post again
            click(aliceBrowser, "#system-admins-button");
            waitFor(aliceBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.id("pick-dialog")));
            click(aliceBrowser, "#pick-members input[data-account='bob']");
            aliceBrowser.findElement(By.id("pick-submit")).click();
            waitUntilPickerClosed(aliceBrowser);
            String byAdmin = "From the administrator " + tag();
            send(aliceBrowser, byAdmin);
        } finally {
            // the system chat is shared by every test of this server: leave it without admins whatever happened
            try (WsClient admin = WsClient.login(port, "admin", "123456")) {
                admin.request(admin.positional("setAdmin", "system", List.of(bobId), false));
            }
        }
    }

    @Test
    void messagesOfDifferentDaysGetOneSeparatorPerDay() {
        // dates as a client may send them (PROTOCOL.md: the server keeps a client's date): noon three days ago
        // twice, noon yesterday, and now, in the browser's time zone
        signIn(carolBrowser, "carol");
        ZoneId zone = ZoneId.of((String) js(carolBrowser).executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone"));
        LocalDate today = LocalDate.now(zone);
        long threeDaysAgo = today.minusDays(3).atTime(LocalTime.NOON).atZone(zone).toEpochSecond();
        long yesterday = today.minusDays(1).atTime(LocalTime.NOON).atZone(zone).toEpochSecond();
        String tag = tag();
        String name = "Days " + tag;
        List<String> texts = List.of("three days ago " + tag, "three days ago, later " + tag, "yesterday " + tag, "today " + tag);
        long carolId = accounts.findByAccount("carol").block(WebClientPage.WAIT).id();
        try (WsClient dave = WsClient.login(port, "dave", "123456")) {
            String gid = createGroup(dave, name, carolId);
            post(dave, gid, "text", texts.get(0), threeDaysAgo);
            post(dave, gid, "text", texts.get(1), threeDaysAgo + 300);
            post(dave, gid, "text", texts.get(2), yesterday);
            post(dave, gid, "text", texts.get(3), 0); // now: the server's time
        }

        clickChat(carolBrowser, name);
        waitFor(carolBrowser).until(d -> texts(d).containsAll(texts));
        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>) js(carolBrowser).executeScript("return [...document.getElementById('messages').children]"
                + ".map(e => e.classList.contains('day') ? 'day ' + e.textContent"
                + " : 'message ' + e.querySelector('.text').textContent)");
        assertThat(shown).hasSize(7);
        assertThat(shown.get(1)).isEqualTo("message " + texts.get(0));
        assertThat(shown.get(2)).isEqualTo("message " + texts.get(1));
        assertThat(shown.get(4)).isEqualTo("message " + texts.get(2));
        assertThat(shown.get(6)).isEqualTo("message " + texts.get(3));
        if (LocalDate.now(zone).equals(today)) { // the labels, unless midnight passed during the test
            LocalDate day = today.minusDays(3);
            assertThat(shown.get(0)).startsWith("day ").contains(String.valueOf(day.getYear()), "日")
                    .doesNotContain("今天", "昨天");
            assertThat(shown.get(3)).isEqualTo("day 昨天");
            assertThat(shown.get(5)).isEqualTo("day 今天");
        }
        assertThat(js(carolBrowser).executeScript("return [...document.querySelectorAll('#messages .day')]"
                + ".every(e => e.getAttribute('role') === 'separator')")).isEqualTo(true);
    }

    @Test
    void emoticonsFromTheProtocolShowTheirTextNeverHtml() throws IOException {
        signIn(carolBrowser, "carol");
        String tag = tag();
        String name = "Emoticons " + tag;
        long carolId = accounts.findByAccount("carol").block(WebClientPage.WAIT).id();
        try (WsClient dave = WsClient.login(port, "dave", "123456")) {
            String gid = createGroup(dave, name, carolId);
            post(dave, gid, "text", "before the emoticons " + tag, 0);
            clickChat(carolBrowser, name);
            waitFor(carolBrowser).until(d -> texts(d).contains("before the emoticons " + tag));
            // as the 1.0 client sends them, while carol has the chat open: content a JSON string
            post(dave, gid, "emoticon", ProtocolJson.write(ProtocolJson.nodes().textNode("😀")), 0);
            post(dave, gid, "emotion", ProtocolJson.write(ProtocolJson.nodes().objectNode().put("emoji", "🎉")), 0);
            String markup = "<img src=x onerror=\"window.__xss = 3\">" + tag;
            post(dave, gid, "emoticon", ProtocolJson.write(ProtocolJson.nodes().textNode(markup)), 0);
        }
        waitFor(carolBrowser).withMessage(() -> "the emoticons are not shown as their text: " + texts(carolBrowser))
                .until(d -> texts(d).contains("<img src=x onerror=\"window.__xss = 3\">" + tag));
        List<String> shown = texts(carolBrowser);
        assertThat(shown).containsSubsequence("before the emoticons " + tag, "😀", "🎉", "<img src=x onerror=\"window.__xss = 3\">" + tag);
        assertThat(js(carolBrowser).executeScript("return [...document.querySelectorAll('#messages .text.emoticon')]"
                + ".map(e => [...e.childNodes].map(n => n.nodeType === Node.TEXT_NODE ? '#text' : n.nodeName).join('')).join(',')"))
                .isEqualTo("#text,#text,#text");
        assertThat(js(carolBrowser).executeScript("return typeof window.__xss")).isEqualTo("undefined");
        Chromium.screenshot(carolBrowser, "17-emoticons");
    }

    // ---------- a protocol client's part ----------

    static String createGroup(WsClient creator, String name, long... others) {
        long creatorId = creator.user.path("id").asLong();
        List<Long> members = new java.util.ArrayList<>(List.of(creatorId));
        for (long other : others) {
            members.add(other);
        }
        String gid = UUID.randomUUID().toString();
        JsonNode created = creator.request(creator.named("create", "gid", gid, "name", name, "type", "group",
                "members", members, "subject", 0, "public", false));
        assertThat(created.path("result").asText()).as(created.toString()).isEqualTo("success");
        return gid;
    }

    /** Sends one message as the 1.0 client does ({messages: [...]}); date 0 leaves it to the server. */
    static void post(WsClient sender, String gid, String contentType, String content, long date) {
        ObjectNode message = ProtocolJson.nodes().objectNode().put("gid", UUID.randomUUID().toString())
                .put("cgid", gid).put("type", "normal").put("contentType", contentType).put("content", content)
                .put("user", sender.user.path("id").asLong());
        if (date > 0) {
            message.put("date", date);
        } else {
            message.put("date", "");
        }
        ObjectNode params = ProtocolJson.nodes().objectNode();
        params.putArray("messages").add(message);
        JsonNode stored = sender.request(sender.envelope("chat", "message", params));
        assertThat(stored.path("result").asText()).as(stored.toString()).isEqualTo("success");
    }
}
