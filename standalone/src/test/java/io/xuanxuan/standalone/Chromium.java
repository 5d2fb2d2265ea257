package io.xuanxuan.standalone;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the web client's browser tests: Debian's {@code chromium} driven through its
 * {@code chromedriver}, both given by path, so Selenium downloads nothing. {@link #unavailable()} says why the
 * tests cannot run here; with the environment variable {@code CI} set it throws instead, so a CI machine
 * without the browser fails rather than skips.
 */
public final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of(System.getProperty("xuanxuan.test.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("xuanxuan.test.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final List<ChromeDriver> drivers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    /** Why the browser tests cannot run on this machine, or null when they can. */
    public static String unavailable() {
        if (Files.isExecutable(BINARY) && Files.isExecutable(DRIVER)) {
            return null;
        }
        String reason = "Chromium or chromedriver is not installed (" + BINARY + ", " + DRIVER
                + "): apt-get install -y chromium chromium-driver";
        if (System.getenv("CI") != null) {
            throw new IllegalStateException("CI is set but the browser tests cannot run. " + reason);
        }
        return reason;
    }

    /** A new browser (its own profile: nothing shared with another) in this language and window size. */
    public ChromeDriver open(String language, int width, int height) throws IOException {
        // Selenium Manager would look for (and download) a driver: the driver is given, so it does not run
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        Files.createDirectories(SCREENSHOTS);
        Path profile = Files.createTempDirectory("xx-chromium-");
        profiles.add(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--window-size=" + width + "," + height, "--lang=" + language, "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        return driver;
    }

    public static void screenshot(WebDriver browser, String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** Quits every browser it opened and deletes their profiles. */
    @Override
    public void close() throws IOException {
        drivers.forEach(WebDriver::quit);
        drivers.clear();
        for (Path profile : profiles) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        profiles.clear();
    }
}
