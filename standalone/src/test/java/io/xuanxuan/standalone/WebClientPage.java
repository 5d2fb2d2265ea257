package io.xuanxuan.standalone;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What a person does in the web client, and what the page shows, for the browser tests (standalone and distributed). */
public final class WebClientPage {

    public static final Duration WAIT = Duration.ofSeconds(15);

    private WebClientPage() {
    }

    /** Opens the client of the server at {@code port} and signs in (password 123456). */
    public static void signIn(WebDriver browser, int port, String account) {
        browser.get("http://127.0.0.1:" + port + "/");
        WebElement accountField = waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("account")));
        accountField.clear();
        accountField.sendKeys(account);
        browser.findElement(By.id("password")).sendKeys("123456");
        browser.findElement(By.id("login-button")).click();
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("app-view")));
        waitFor(browser).until(d -> !d.findElement(By.id("me-name")).getText().isBlank());
    }

    public static void signOut(WebDriver browser) {
        browser.findElement(By.id("logout-button")).click();
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    }

    /** Opens the one-to-one chat with {@code account} from the user list. */
    public static void openChatWith(WebDriver browser, String account, String realname) {
        browser.findElement(By.id("tab-users")).click();
        click(browser, "#user-list button[data-account='" + account + "']");
        waitFor(browser).until(ExpectedConditions.textToBe(By.id("chat-title"), realname));
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("message-input")));
    }

    /** Types and sends; each line after the first goes in with Shift+Enter. Waits until the server stored it. */
    public static void send(WebDriver browser, String... lines) {
        WebElement input = browser.findElement(By.id("message-input"));
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                input.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
            }
            input.sendKeys(lines[i]);
        }
        browser.findElement(By.id("send-button")).click();
        String text = String.join("\n", lines);
        waitFor(browser).withMessage(() -> "the message " + text + " was not shown as sent; the page shows " + messages(browser))
                .until(d -> messages(d).stream().anyMatch(m -> m.get("text").equals(text) && m.get("state").equals("sent")));
    }

    /** The messages of the open conversation, oldest first: text (as the page shows it), state, own or not. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, String>> messages(WebDriver browser) {
        return (List<Map<String, String>>) js(browser).executeScript("return [...document.querySelectorAll('#messages .message')]"
                + ".map(m => ({text: m.querySelector('.text').textContent, state: m.dataset.state,"
                + " mine: String(m.classList.contains('mine'))}))");
    }

    public static List<String> texts(WebDriver browser) {
        return messages(browser).stream().map(m -> m.get("text")).toList();
    }

    /**
     * The file links of the open conversation: text and address. Read in one script: the page renders the list
     * anew on every push, so an element found by one command may be gone by the next.
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, String>> fileLinks(WebDriver browser) {
        return (List<Map<String, String>>) js(browser).executeScript("return [...document.querySelectorAll('#messages a.file-link')]"
                + ".map(a => ({text: a.textContent, href: a.href, rel: a.rel}))");
    }

    /** Clicks the first element matching {@code selector} once there is one (in one script, see {@link #fileLinks}). */
    public static void click(WebDriver browser, String selector) {
        waitFor(browser).withMessage(() -> "nothing to click at " + selector).until(d -> Boolean.TRUE.equals(js(d).executeScript(
                "const e = document.querySelector(arguments[0]); if (!e) return false; e.click(); return true;", selector)));
    }

    /** The unread count shown on the chat named {@code name} in the chat list ("" when none). */
    public static String unreadOf(WebDriver browser, String name) {
        return String.valueOf(js(browser).executeScript("const b = [...document.querySelectorAll('#chat-list button')]"
                + ".find(b => b.querySelector('.name').textContent === arguments[0]);"
                + " return b ? (b.querySelector('.badge')?.textContent ?? '') : null;", name));
    }

    public static void clickChat(WebDriver browser, String name) {
        waitFor(browser).until(d -> unreadOf(d, name) != null && !unreadOf(d, name).equals("null"));
        js(browser).executeScript("[...document.querySelectorAll('#chat-list button')]"
                + ".find(b => b.querySelector('.name').textContent === arguments[0]).click()", name);
        waitFor(browser).until(ExpectedConditions.textToBe(By.id("chat-title"), name));
    }

    public static JavascriptExecutor js(WebDriver browser) {
        return (JavascriptExecutor) browser;
    }

    public static WebDriverWait waitFor(WebDriver browser) {
        return new WebDriverWait(browser, WAIT);
    }
}
