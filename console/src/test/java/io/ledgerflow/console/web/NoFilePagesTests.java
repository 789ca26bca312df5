package io.ledgerflow.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.auth.Role;
import io.ledgerflow.console.backend.CloseReadiness;
import io.ledgerflow.console.backend.DayRow;
import io.ledgerflow.console.backend.DayState;
import io.ledgerflow.console.backend.DayView;
import io.ledgerflow.console.backend.JobView;
import io.ledgerflow.console.backend.MonthView;
import io.ledgerflow.console.backend.NoFileView;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's pages for a day without a file, rendered by the precompiled templates the app
 * serves: the month and day views name who marked the day and why (with the machine name beside),
 * the day view offers the mark to operators only, the close page lists the days neither published
 * nor marked, and the month view's JSON tells its refresh script what runs.
 */
class NoFilePagesTests {

    static final YearMonth MONTH = YearMonth.of(2026, 6);
    static final LocalDate MARKED = LocalDate.parse("2026-06-01");
    static final LocalDate RUNNING = LocalDate.parse("2026-06-02");
    static final Instant AT = Instant.parse("2026-06-02T00:30:00Z");
    static final NoFileView MARK = new NoFileView("hanako", "national holiday", AT);
    static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

    static Page page(String language, Role role) {
        return new Page(new ConsoleUser("hanako", role), "token", Messages.of(language), new Formats(ZoneId.of("Asia/Tokyo")),
                "/", true);
    }

    static String render(String template, Page page, Map<String, Object> params) {
        Map<String, Object> all = new HashMap<>(params);
        all.put("page", page);
        StringOutput out = new StringOutput();
        TEMPLATES.render(template, all, out);
        return out.toString();
    }

    static DayRow row(LocalDate date, DayState state, JobView running, NoFileView noFile) {
        return new DayRow(date, state, null, 0, 0, 0, List.of(), Map.of(), 0, 0, running, noFile);
    }

    static JobView job(long done, long total) {
        return new JobView("1", "RERUN", RUNNING.toString(), "RUNNING", "taro", AT, null, 4, 1, total, done, 30, List.of(),
                null, null, null);
    }

    static MonthView month(boolean running) {
        return new MonthView(MONTH, "OPEN", List.of(row(MARKED, DayState.NO_FILE_MARKED, null, MARK),
                running ? row(RUNNING, DayState.RUNNING, job(1_500, 6_000), null) : row(RUNNING, DayState.NO_FILE, null, null)),
                List.of());
    }

    static DayView day(LocalDate date, DayState state, NoFileView noFile, String monthState) {
        return new DayView(date, monthState, state, List.of(), 0, 0, 0, 0, List.of(), List.of(), 0, List.of(), null, noFile);
    }

    static String dayPage(DayView view, Page page) {
        return render("day.jte", page, Map.of("view", view, "rejects", List.of(), "reasons", List.of(), "reasonFilter", "",
                "encodings", List.of("UTF-8"), "uploadBytesMax", 1_000L, "error", ""));
    }

    @Test
    void monthView_showsWhoMarkedTheDayAndWhy_inBothLanguages_withTheMachineNameBeside() {
        String english = render("month.jte", page("en", Role.VIEWER), Map.of("view", month(false), "chart", "{}",
                "previous", MONTH.minusMonths(1), "next", MONTH.plusMonths(1)));
        String japanese = render("month.jte", page("ja", Role.VIEWER), Map.of("view", month(false), "chart", "{}",
                "previous", MONTH.minusMonths(1), "next", MONTH.plusMonths(1)));

        assertThat(english).contains("no file (marked by hanako: national holiday)</span> <code>NO_FILE_MARKED</code>");
        assertThat(japanese).contains("ファイルなし（hanako が登録：national holiday）</span> <code>NO_FILE_MARKED</code>");
        assertThat(english).contains("data-running=\"false\"").contains("data-refresh=\"/month/2026-06/days.json\"");
    }

    @Test
    void monthJson_saysWhatRuns_withItsProgress_andNothingOnceNothingRuns() throws Exception {
        JsonNode running = new ObjectMapper().readTree(ConsoleRoutes.monthJson(month(true), page("en", Role.VIEWER)));
        JsonNode idle = new ObjectMapper().readTree(ConsoleRoutes.monthJson(month(false), page("en", Role.VIEWER)));

        assertThat(running.get("running").asBoolean()).isTrue();
        assertThat(running.at("/days/1/state").asText()).isEqualTo("RUNNING");
        assertThat(running.at("/days/1/progressText").asText()).isEqualTo("1,500 / 6,000");
        assertThat(running.at("/days/0/state").asText()).isEqualTo("NO_FILE_MARKED");
        assertThat(idle.get("running").asBoolean()).isFalse();
        assertThat(render("month.jte", page("en", Role.VIEWER), Map.of("view", month(true), "chart", "{}",
                "previous", MONTH.minusMonths(1), "next", MONTH.plusMonths(1)))).contains("data-running=\"true\"");
    }

    @Test
    void dayView_offersTheMarkToOperators_withCsrfAndARequiredReason_andTheUnmarkOnAMarkedDay() {
        String operator = dayPage(day(RUNNING, DayState.NO_FILE, null, "OPEN"), page("en", Role.OPERATOR));
        String viewer = dayPage(day(RUNNING, DayState.NO_FILE, null, "OPEN"), page("en", Role.VIEWER));
        String marked = dayPage(day(MARKED, DayState.NO_FILE_MARKED, MARK, "OPEN"), page("ja", Role.CLOSER));
        String closedMonth = dayPage(day(RUNNING, DayState.NO_FILE, null, "CLOSED"), page("en", Role.OPERATOR));

        assertThat(operator).contains("action=\"/day/2026-06-02/no-file\"").contains("name=\"_csrf\" value=\"token\"")
                .contains("id=\"no-file-reason\" maxlength=\"500\" required");
        assertThat(viewer).doesNotContain("id=\"no-file-form\"").contains("id=\"no-file-no-role\"");
        assertThat(marked).contains("ファイルなし（hanako が登録：national holiday）</strong> <code>NO_FILE_MARKED</code>")
                .contains("action=\"/day/2026-06-01/no-file/unmark\"").doesNotContain("id=\"no-file-form\"");
        assertThat(closedMonth).doesNotContain("id=\"no-file-form\"");
    }

    @Test
    void closePage_listsBusinessDaysNeitherPublishedNorMarked_andAsksAReasonToProceed() {
        CloseReadiness days = new CloseReadiness(MONTH, "OPEN", List.of(), List.of(), List.of(RUNNING), List.of(MARKED),
                List.of(RUNNING), true, "abc", List.of());

        String page = render("close.jte", page("en", Role.CLOSER), Map.of("readiness", days, "exported", false));

        assertThat(days.ready()).isFalse();
        assertThat(days.closeableWithReason()).isTrue();
        assertThat(page).contains("id=\"days-marked-no-file\">1<").contains("<a href=\"/day/2026-06-02\">2026-06-02</a>")
                .contains("id=\"proceed-days\"").contains("name=\"daysReason\"").doesNotContain("id=\"blockers\"")
                .contains("<p class=\"warning\" id=\"readiness\">");
    }
}
