package io.xuanxuan.standalone;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The standalone server with three headless Chromium browsers, started once per test class (each test signs in
 * again): two in English, the third in Chinese. Without Chromium each test is skipped with the reason, unless the
 * environment variable {@code CI} is set ({@link Chromium#unavailable}).
 */
abstract class ThreeBrowsersTest extends StandaloneServerTest {

    static Chromium chromium;
    static ChromeDriver aliceBrowser;
    static ChromeDriver bobBrowser;
    static ChromeDriver carolBrowser;

    /** Why the tests are skipped on this machine, or null when the browser is there. */
    static String skipReason;

    @BeforeAll
    static void browsers() throws IOException {
        skipReason = Chromium.unavailable();
        if (skipReason != null) {
            return; // each test is reported skipped with the reason (surefire drops a class-level skip's reason)
        }
        chromium = new Chromium();
        aliceBrowser = chromium.open("en-US", 1200, 800);
        bobBrowser = chromium.open("en-US", 1200, 800);
        carolBrowser = chromium.open("zh-CN", 1200, 800);
    }

    @BeforeEach
    void browserInstalled() {
        Assumptions.assumeTrue(skipReason == null, () -> skipReason);
    }

    /** Opens the client in {@code browser} and signs in as {@code account} (password 123456). */
    void signIn(WebDriver browser, String account) {
        WebClientPage.signIn(browser, port, account);
    }

    @AfterAll
    static void closeBrowsers() throws IOException {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }
}
