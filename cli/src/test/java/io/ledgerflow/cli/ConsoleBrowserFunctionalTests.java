package io.ledgerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.ledgerflow.cli.local.LocalLedger;
import io.ledgerflow.console.ConsoleSettings;
import io.ledgerflow.console.auth.UsersFile;
import io.ledgerflow.core.generate.BillingGenerator;
import io.ledgerflow.core.store.PeriodState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The finance console in a real browser (Debian's headless Chromium through chromedriver and
 * Selenium) on a real home: two days run by the CLI, the console served by the same code as
 * {@code ledgerflow console}. One home and one server for the class; the tests run in order
 * (sign in, read, refusals, a rerun, a day marked as having no file, the close).
 *
 * <p>Screenshots of the month and day views go to {@code target/console-screenshots}, or to the
 * folder named by {@code -Dledgerflow.console.screenshots=DIR} (the README's are in docs/console).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserFunctionalTests {

    static final YearMonth MONTH = YearMonth.parse("2026-11");
    static final LocalDate DAY_1 = LocalDate.parse("2026-11-19");
    static final LocalDate DAY_2 = LocalDate.parse("2026-11-20");
    /** A Monday without a file (Labour Thanksgiving Day, a national holiday). */
    static final LocalDate NO_FILE_DAY = LocalDate.parse("2026-11-23");
    static final String PASSWORD = "correct horse battery";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path dir;

    static String statusMonth;
    static Map<LocalDate, String> trialBalances = new TreeMap<>();
    static LocalLedger ledger;
    static LocalConsoleBackend backend;
    static Javalin app;
    static WebDriver browser;
    static String base;

    static Path home() {
        return dir.resolve("home");
    }

    @BeforeAll
    static void aHomeWithTwoDays_servedByTheConsole() throws IOException {
        requireBrowser();
        // given two days run by the CLI, a few bad lines each (their invoices quarantined whole), and CI stage 2's attestation
        for (LocalDate day : List.of(DAY_1, DAY_2)) {
            CliRun run = CliRun.of("daily", "--home", home().toString(), "--date", day.toString(), "--input",
                    generate(day, 800, day.getDayOfMonth(), 0.002).toString(), "--partition-lines", "200",
                    "--max-reject-percent", "10");
            assertThat(run.exitCode()).as(run.err()).isZero();
        }
        MonthlyCloseFunctionalTests.attest(home());
        // and the users, added as a script adds them (password on standard input)
        addUser("vera", "viewer");
        addUser("otto", "operator");
        addUser("clara", "closer");
        // what the CLI prints, read before the console takes the home
        CliRun status = CliRun.of("status", "--home", home().toString(), "--month", MONTH.toString());
        assertThat(status.exitCode()).as(status.err()).isZero();
        statusMonth = status.out();
        for (LocalDate day : List.of(DAY_1, DAY_2)) {
            Path printed = dir.resolve("tb-" + day + ".csv");
            CliRun tb = CliRun.of("trial-balance", "--home", home().toString(), "--date", day.toString(), "--out",
                    printed.toString());
            assertThat(tb.exitCode()).as(tb.err()).isZero();
            trialBalances.put(day, Files.readString(printed));
        }
        ledger = LocalLedger.open(home());
        Clock clock = clockInside(MONTH);
        backend = new LocalConsoleBackend(ledger, clock, ConsoleSettings.BUSINESS_ZONE);
        app = ConsoleCommand.start(backend, UsersFile.of(home()), home(), 0, "127.0.0.1", clock);
        base = "http://127.0.0.1:" + app.port();
        browser = chromium();
    }

    /**
     * A ticking clock that starts at noon in the business zone on the 25th of {@code month}. The
     * audit page files the console's own events (sign-ins, refusals) under the business month in
     * which they happen; on the wall clock, a run in the last hours of a month (after 15:00 UTC on
     * the 30th is already December in Tokyo) would file them under the next one.
     */
    static Clock clockInside(YearMonth month) {
        Instant inside = month.atDay(25).atTime(12, 0).atZone(ConsoleSettings.BUSINESS_ZONE).toInstant();
        return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), inside));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.stop();
        }
        if (backend != null) {
            backend.close();
        }
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    @Order(1)
    void addUser_storesABcryptHash_neverThePassword() throws IOException {
        String users = Files.readString(UsersFile.of(home()).path());

        assertThat(users).contains("vera:viewer:$2a$").contains("clara:closer:$2a$").doesNotContain(PASSWORD);
    }

    @Test
    @Order(2)
    void aVisitor_isSentToSignIn_andAWrongPassword_isRefusedAndAudited() {
        browser.get(base + "/month/" + MONTH);
        assertThat(browser.getCurrentUrl()).endsWith("/signin");

        signIn("vera", "wrong password!");

        assertThat(browser.findElement(By.id("signin-error")).getText()).isNotBlank();
        assertThat(backend.audit(MONTH, 100)).anyMatch(e -> e.action().equals("SIGN_IN_REFUSED") && e.by().equals("vera"));
    }

    @Test
    @Order(3)
    void theMonthView_showsTheNumbersStatusPrints() throws IOException {
        signIn("vera", PASSWORD);
        browser.get(base + "/month/" + MONTH);

        // status --month prints "  DATE  RUN  read N, quarantined N, N entries (WHO)" per day with a run
        Matcher line = Pattern.compile("(?m)^  (\\d{4}-\\d{2}-\\d{2})  (\\S+)  read (\\d+), quarantined (\\d+), (\\d+) entries")
                .matcher(statusMonth);
        int days = 0;
        long readTotal = 0;
        while (line.find()) {
            WebElement row = browser.findElement(By.id("day-" + line.group(1)));
            assertThat(row.findElement(By.cssSelector("td.run")).getText()).isEqualTo(line.group(2));
            assertThat(number(row, "td.read")).isEqualTo(Long.parseLong(line.group(3)));
            assertThat(number(row, "td.quarantined")).isEqualTo(Long.parseLong(line.group(4)));
            assertThat(number(row, "td.entries")).isEqualTo(Long.parseLong(line.group(5)));
            readTotal += Long.parseLong(line.group(3));
            days++;
        }
        assertThat(days).isEqualTo(2);
        // numbers for people: thousands separators
        assertThat(browser.findElement(By.cssSelector("#month-total td.read")).getText())
                .isEqualTo(String.format(java.util.Locale.ROOT, "%,d", readTotal)).contains(",");
        assertThat(browser.findElement(By.id("month-state")).getText()).isEqualTo("open");
        assertThat(browser.findElements(By.cssSelector("#quarantine-chart canvas"))).isNotEmpty();
        screenshot("month.png");
    }

    @Test
    @Order(4)
    void theDayView_showsTheTrialBalanceTrialBalancePrints_andTheRejects() throws IOException {
        browser.get(base + "/day/" + DAY_1);

        List<String> shown = new ArrayList<>();
        for (List<String> cells : cellTexts("#trial-balance tbody tr")) {
            shown.add(String.join(",", cells.get(0), cells.get(1), cells.get(2),
                    cells.get(3).replace(",", ""), cells.get(4).replace(",", "")));
        }
        List<String> printed = trialBalances.get(DAY_1).lines().skip(1).toList();
        assertThat(shown).isEqualTo(printed);
        assertThat(browser.findElements(By.cssSelector("#rejects tbody tr"))).isNotEmpty();
        assertThat(browser.findElement(By.id("line-reconciliation")).getText()).contains("=");
    }

    /**
     * The rendered text of each cell of the rows {@code rowsSelector} selects, read in one script
     * call: a WebDriver call a cell (a round trip each) made a trial balance of a few hundred cells
     * take 20 s. The browser's rendered text ({@code innerText}, trimmed) is what getText() returns.
     */
    @SuppressWarnings("unchecked")
    private List<List<String>> cellTexts(String rowsSelector) {
        return (List<List<String>>) ((JavascriptExecutor) browser).executeScript("""
                return Array.from(document.querySelectorAll(arguments[0]))
                    .map(row => Array.from(row.querySelectorAll('td')).map(cell => cell.innerText.trim()));
                """, rowsSelector);
    }

    @Test
    @Order(5)
    void aViewerWhoPostsARerun_gets403_andNothingChanges() {
        browser.get(base + "/day/" + DAY_2);
        assertThat(browser.findElements(By.id("rerun-form"))).isEmpty();
        String runBefore = backend.day(DAY_2).current().orElseThrow().runId();

        long status = postRerunFromThePage(true);

        assertThat(status).isEqualTo(403);
        assertThat(backend.day(DAY_2).current().orElseThrow().runId()).isEqualTo(runBefore);
        assertThat(backend.day(DAY_2).runs()).hasSize(1);
        assertThat(backend.audit(MONTH, 100)).anyMatch(e -> e.action().equals("REFUSED") && e.by().equals("vera")
                && e.outcome().startsWith("403"));
    }

    @Test
    @Order(6)
    void aPostWithoutTheCsrfToken_isRefused_evenForAnOperator() {
        signOut();
        signIn("otto", PASSWORD);
        browser.get(base + "/day/" + DAY_2);

        long status = postRerunFromThePage(false);

        assertThat(status).isEqualTo(403);
        assertThat(backend.day(DAY_2).runs()).hasSize(1);
        assertThat(backend.audit(MONTH, 100)).anyMatch(e -> e.action().equals("REFUSED") && e.by().equals("otto")
                && e.reason().equals("no CSRF token"));
    }

    @Test
    @Order(7)
    void anOperator_uploadsACorrectedFile_andSeesTheDayReplaced() throws IOException {
        browser.get(base + "/day/" + DAY_2);
        String replaced = backend.day(DAY_2).current().orElseThrow().runId();
        Path corrected = generate(DAY_2, 500, 77, 0.0);

        browser.findElement(By.id("rerun-file")).sendKeys(corrected.toString());
        browser.findElement(By.id("rerun-reason")).sendKeys("site TYO01 resent a corrected file");
        browser.findElement(By.id("rerun-submit")).click();
        assertThat(find(By.id("replaces")).getText()).contains(replaced);
        assertThat(browser.findElement(By.id("upload-lines")).getText()).isEqualTo("500");
        browser.findElement(By.id("confirm-rerun")).click();
        waitForJob();

        assertThat(browser.findElement(By.id("job-state")).getAttribute("class")).contains("state-SUCCEEDED");
        browser.findElement(By.id("job-back")).click();
        WebElement current = find(By.cssSelector("#runs tr.current"));
        assertThat(current.getAttribute("data-run")).startsWith("rerun-" + DAY_2);
        assertThat(current.findElement(By.cssSelector(".requested-by")).getText()).isEqualTo("otto");
        assertThat(current.findElement(By.cssSelector(".reason")).getText()).isEqualTo("site TYO01 resent a corrected file");
        assertThat(browser.findElement(By.id("line-reconciliation")).getText()).contains("500");
        screenshot("day.png");
    }

    @Test
    @Order(8)
    void thePage_inJapanese_translatesStatesAndReasons_withTheCodesBeside() {
        browser.get(base + "/day/" + DAY_1 + "?lang=ja");

        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ja");
        assertThat(browser.findElement(By.cssSelector("header .brand")).getText()).contains("経理コンソール");
        assertThat(browser.findElement(By.id("day-state")).getText()).isEqualTo("確定");
        WebElement reject = browser.findElement(By.cssSelector("#rejects tbody tr td:last-child"));
        String code = reject.findElement(By.tagName("code")).getText();
        assertThat(code).matches("[A-Z_]+");
        assertThat(reject.getText()).doesNotStartWith(code); // the words first, the code beside
        browser.get(base + "/month/" + MONTH);
        assertThat(browser.findElement(By.id("month-state")).getText()).isEqualTo("未締め");
        browser.get(base + "/month/" + MONTH + "?lang=en");
    }

    @Test
    @Order(9)
    void anOperator_marksADayAsHavingNoFile_andTheMonthViewAndTheReadinessShowIt() {
        browser.get(base + "/month/" + MONTH + "/close");
        List<String> unaccountedBefore = unaccountedDays();
        assertThat(unaccountedBefore).contains(NO_FILE_DAY.toString()).doesNotContain(DAY_1.toString(), DAY_2.toString());
        assertThat(browser.findElement(By.id("days-marked-no-file")).getText()).isEqualTo("0");

        browser.get(base + "/day/" + NO_FILE_DAY);
        browser.findElement(By.id("no-file-reason")).sendKeys("no deliveries: all sites closed");
        browser.findElement(By.id("no-file-submit")).click();

        assertThat(find(By.id("no-file-mark")).getText()).contains("otto", "no deliveries: all sites closed");
        assertThat(browser.findElement(By.id("day-state")).getText())
                .isEqualTo("no file (marked by otto: no deliveries: all sites closed)");
        browser.get(base + "/month/" + MONTH);
        WebElement state = browser.findElement(By.cssSelector("#day-" + NO_FILE_DAY + " td.day-state"));
        assertThat(state.getText()).isEqualTo("no file (marked by otto: no deliveries: all sites closed) NO_FILE_MARKED");
        assertThat(browser.findElement(By.id("days")).getAttribute("data-running")).isEqualTo("false");
        String json = (String) ((JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(document.getElementById('days').dataset.refresh).then(r => r.text()).then(done);");
        assertThat(json).contains("\"running\":false").contains("\"date\":\"" + NO_FILE_DAY + "\",\"state\":\"NO_FILE_MARKED\"");
        browser.get(base + "/month/" + MONTH + "/close");
        assertThat(browser.findElement(By.id("days-marked-no-file")).getText()).isEqualTo("1");
        assertThat(unaccountedDays()).hasSize(unaccountedBefore.size() - 1).doesNotContain(NO_FILE_DAY.toString());
        assertThat(ledger.store().noFile(NO_FILE_DAY).mark().orElseThrow().by()).isEqualTo("otto");
        browser.get(base + "/audit/" + MONTH);
        assertThat(browser.findElement(By.cssSelector("#audit tr[data-action=NO_FILE]")).getText())
                .contains("otto", NO_FILE_DAY.toString(), "no deliveries: all sites closed");
    }

    @Test
    @Order(10)
    void aCloser_closesTheMonth_withTheDaysLeftUnaccountedAndAReason_andDownloadsTheLedgerExport() {
        signOut();
        signIn("clara", PASSWORD);
        browser.get(base + "/month/" + MONTH + "/close");
        assertThat(browser.findElements(By.id("readiness"))).as(() -> browser.getCurrentUrl() + ": "
                + browser.findElement(By.tagName("body")).getText()).isNotEmpty();
        // every weekday of the month but the two run and the one marked is neither published nor marked
        assertThat(browser.findElement(By.id("readiness")).getAttribute("class")).isEqualTo("warning");
        assertThat(unaccountedDays()).hasSize(weekdays(MONTH) - 3);
        assertThat(browser.findElement(By.id("attestation")).getAttribute("class")).isEqualTo("ok");

        browser.findElement(By.id("proceed-days")).click();
        browser.findElement(By.id("proceed-days-reason")).sendKeys("sites confirmed no files on the other days");
        browser.findElement(By.id("close-submit")).click();
        waitForJob();

        assertThat(browser.findElement(By.id("job-state")).getAttribute("class")).contains("state-SUCCEEDED");
        assertThat(browser.findElement(By.id("job-steps")).getText()).contains("state VerifyRelease", "state Lock",
                "state ReconcileDay", "state Export", "state MarkExported", "export batch 1");
        browser.findElement(By.id("job-back")).click();
        assertThat(find(By.cssSelector("#month-state.state-EXPORTED")).getText()).isEqualTo("exported");
        String export = (String) ((JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(document.getElementById('gl-export').href).then(r => r.text()).then(done);");
        assertThat(export).startsWith("period,accounting_date,currency,account,department,tax_code,entered_dr,entered_cr\n")
                .isEqualTo(backend.glExportCsv(MONTH).orElseThrow());
        assertThat(ledger.store().periodState(MONTH)).isEqualTo(PeriodState.EXPORTED);
        assertThat(ledger.store().period(MONTH).history()).anyMatch(e -> e.by().equals("clara"));
        assertThat(backend.audit(MONTH, 100)).anyMatch(e -> e.action().equals("OVERRIDE_DAYS") && e.by().equals("clara")
                && e.reason().endsWith("sites confirmed no files on the other days"));
    }

    @Test
    @Order(10)
    void theUploadUrlRoute_answersNotNeededLocally_whereThePagesUploadTakesAnyFile() {
        browser.get(base + "/day/" + DAY_2);
        String answer = (String) ((JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "var csrf = document.querySelector('input[name=_csrf]').value;"
                        + "fetch('/day/" + DAY_2 + "/upload-url', {method: 'POST', headers: {'X-CSRF-Token': csrf},"
                        + " body: new URLSearchParams({sha256: '" + "ab".repeat(32) + "', bytes: '123456789'})})"
                        + ".then(r => r.text().then(body => done(r.status + ' ' + r.headers.get('Content-Security-Policy')"
                        + " + ' ' + body)));");

        assertThat(answer).startsWith("200 ").contains("connect-src 'self';").endsWith("{\"needed\":false}");
    }

    // --- helpers -------------------------------------------------------------------------------

    /** The close page's business days neither published nor marked as having no file. */
    private static List<String> unaccountedDays() {
        return browser.findElements(By.cssSelector("#days-unaccounted li")).stream().map(WebElement::getText).toList();
    }

    private static int weekdays(YearMonth month) {
        int days = 0;
        for (int d = 1; d <= month.lengthOfMonth(); d++) {
            days += month.atDay(d).getDayOfWeek().getValue() <= 5 ? 1 : 0;
        }
        return days;
    }

    /** Posts a rerun with a file from the page's own script, with or without the page's CSRF token; the HTTP status. */
    private static long postRerunFromThePage(boolean withToken) {
        String token = withToken ? "fd.append('_csrf', document.querySelector('input[name=_csrf]').value);" : "";
        return (Long) ((JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "var fd = new FormData();" + token
                        + "fd.append('reason', 'no');"
                        + "fd.append('file', new Blob(['billing_id\\n'], {type: 'text/csv'}), 'x.csv');"
                        + "fetch('/day/" + DAY_2 + "/rerun', {method: 'POST', body: fd}).then(r => done(r.status));");
    }

    private static void waitForJob() {
        // The page reloads itself when the job ends: an element found before may go stale.
        new WebDriverWait(browser, Duration.ofMinutes(3)).ignoring(StaleElementReferenceException.class).until(b -> {
            List<WebElement> job = b.findElements(By.id("job"));
            return !job.isEmpty() && !"RUNNING".equals(job.get(0).getAttribute("data-state"));
        });
    }

    /** The element, once the page that has it is loaded (after a click that navigates), at most 30 s. */
    private static WebElement find(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(b -> b.findElement(by));
    }

    private static void signIn(String name, String password) {
        browser.get(base + "/signin");
        browser.findElement(By.id("name")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("signin")).click();
        // the form's POST and its redirects end before the next page is asked for
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> !b.findElements(By.id("signin-error")).isEmpty()
                || !b.findElements(By.id("signed-in-user")).isEmpty());
    }

    private static void signOut() {
        browser.get(base + "/month/" + MONTH);
        browser.findElement(By.cssSelector("form[action='/signout'] button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> !b.findElements(By.id("signin")).isEmpty());
    }

    private static long number(WebElement row, String cell) {
        return Long.parseLong(row.findElement(By.cssSelector(cell)).getText().replace(",", ""));
    }

    private static void screenshot(String name) throws IOException {
        Path folder = Path.of(System.getProperty("ledgerflow.console.screenshots", "target/console-screenshots"));
        Files.createDirectories(folder);
        Files.write(folder.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static void addUser(String name, String role) {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)));
            CliRun run = CliRun.of("console", "add-user", name, "--role", role, "--password-stdin", "--home", home().toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
        } finally {
            System.setIn(stdin);
        }
    }

    static Path generate(LocalDate date, long records, long seed, double badFraction) throws IOException {
        StringWriter text = new StringWriter();
        new BillingGenerator(new BillingGenerator.Settings(date, records, seed, badFraction, 0.1)).write(text);
        return Files.writeString(dir.resolve(date + "-" + seed + ".csv"), text.toString(), StandardCharsets.UTF_8);
    }

    /** Debian's chromium and chromedriver; ci/test installs them (apt-get install chromium chromium-driver). */
    private static void requireBrowser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the console's browser tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver (ci/test does)");
        }
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1700",
                "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
