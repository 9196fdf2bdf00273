package net.vpnaas.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.vpnaas.ike.interop.Prereqs;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (nothing is downloaded), on a fresh
 * profile; with the lookups the portal's screens share (a control by its label, the error at a field)
 * and screenshots kept under target/ as the test's artifacts.
 */
public final class Browser implements AutoCloseable {
    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    public static final Path SCREENSHOTS = Path.of("target", "portal-screenshots");
    public static final String SESSION_COOKIE = "vpnaas_session";

    public final ChromeDriver driver;
    private final String base;
    private final Path profile;

    private Browser(ChromeDriver driver, String base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
    }

    public static Browser open(String base) throws IOException {
        Prereqs.requirePrograms(CHROMIUM + " (apt-get install chromium)", CHROMEDRIVER + " (apt-get install chromium-driver)");
        Path profile = Files.createTempDirectory("portal-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900");
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        Path downloads = Files.createDirectories(profile.resolve("downloads"));
        options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
        return new Browser(driver, base, profile);
    }

    /** The file the page downloaded under {@code name}, once it is complete. */
    public String downloaded(String name) {
        Path file = profile.resolve("downloads").resolve(name);
        waiting().withMessage(() -> name + " downloaded").until(d -> Files.exists(file));
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void go(String path) {
        driver.get(base + path);
    }

    /** Fills in and sends the sign-in form, as a person does, from a browser holding no earlier session. */
    public void signIn(String email, String password) {
        driver.manage().deleteAllCookies();
        go("/");
        waitForHeading("Sign in");
        type("Email", email);
        type("Password", password);
        click("Sign in");
    }

    /** The session cookie the server set (HttpOnly: the page's scripts cannot read it, the driver can); null without one. */
    public String sessionCookie() {
        Cookie cookie = driver.manage().getCookieNamed(SESSION_COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    /**
     * A request crafted in the page's JavaScript, as a script injected into the portal could send it:
     * with the session cookie (the browser adds it) and, when {@code withCsrfToken}, the session's CSRF
     * token read from {@code GET /v1/sessions/current}.
     */
    public PageResponse fetchFromPage(String method, String path, String jsonBody, boolean withCsrfToken) {
        Object answer = driver.executeAsyncScript("""
                const [method, path, body, withCsrfToken, done] = arguments;
                (async () => {
                  const headers = { 'Content-Type': 'application/json' };
                  if (withCsrfToken) {
                    headers['X-CSRF-Token'] = (await (await fetch('/v1/sessions/current')).json()).csrfToken;
                  }
                  const response = await fetch(path, { method, headers, body: body ?? undefined });
                  done([response.status, await response.text()]);
                })().catch((e) => done(String(e)));
                """, method, path, jsonBody, withCsrfToken);
        if (!(answer instanceof List<?> statusAndBody)) {
            throw new AssertionError(method + " " + path + " from the page failed: " + answer);
        }
        return new PageResponse((Long) statusAndBody.get(0), (String) statusAndBody.get(1));
    }

    public record PageResponse(long status, String body) {}

    public WebDriverWait waiting() {
        return waiting(Duration.ofMillis(500));
    }

    /** Waits up to 15 s, looking every {@code interval} (short when the wait is what is measured). */
    public WebDriverWait waiting(Duration interval) {
        var wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        wait.pollingEvery(interval);
        // a live page re-renders under the wait: an element it looked at may be replaced meanwhile
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    public WebElement waitFor(By by) {
        return waiting().until(d -> d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    public void waitForText(By by, String text) {
        waiting().withMessage(() -> "'" + text + "' in " + by + "; page: " + driver.findElement(By.tagName("body")).getText())
                .until(d -> d.findElements(by).stream().anyMatch(e -> e.getText().contains(text)));
    }

    public void waitForHeading(String text) {
        waitForText(By.tagName("h1"), text);
    }

    /** The control labelled {@code label}, found as assistive technology finds it: through the label's for. */
    public WebElement control(String label) {
        return driver.findElement(By.id(waitFor(By.xpath("//label[normalize-space()='" + label + "']")).getAttribute("for")));
    }

    public void type(String label, String text) {
        WebElement control = control(label);
        control.clear();
        control.sendKeys(text);
    }

    public void choose(String label, String option) {
        new Select(control(label)).selectByVisibleText(option);
    }

    /** Ticks the checkbox inside the label reading {@code label} (a label wrapping its control needs no for). */
    public void tick(String label) {
        WebElement box = waitFor(By.xpath("//label[normalize-space()='" + label + "']//input[@type='checkbox']"));
        if (!box.isSelected()) {
            box.click();
        }
        waiting().withMessage(() -> "'" + label + "' ticked").until(d -> box.isSelected());
    }

    /** The API's error shown at the field labelled {@code label}. */
    public String errorAt(String label) {
        return waitFor(By.xpath("//div[contains(@class,'field')][label[normalize-space()='" + label + "']]//div[@class='field-error']"))
                .getText();
    }

    /** The request body fields the page shows an error at. */
    public List<String> fieldsWithErrors() {
        return driver.findElements(By.cssSelector(".field-error")).stream().map(e -> e.getAttribute("data-field")).toList();
    }

    public void click(String buttonOrLinkText) {
        waitFor(By.xpath("//*[self::button or self::a][normalize-space()='" + buttonOrLinkText + "']")).click();
    }

    public boolean shows(String buttonOrLinkText) {
        return !driver.findElements(By.xpath("//*[self::button or self::a][normalize-space()='" + buttonOrLinkText + "']")).isEmpty();
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** A screenshot of the page as it is, as a phone (390 px wide) when asked. */
    public void screenshot(String name, boolean phone) {
        try {
            Files.createDirectories(SCREENSHOTS);
            if (phone) {
                driver.manage().window().setSize(new Dimension(390, 844));
            }
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            if (phone) {
                driver.manage().window().setSize(new Dimension(1280, 900));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void screenshot(String name) {
        screenshot(name, false);
    }

    /** What the browser refused under the server's Content-Security-Policy (it logs each refusal to the console). */
    public List<String> contentSecurityPolicyViolations() {
        return driver.manage().logs().get("browser").getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy")).toList();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
