package io.ledgerflow.console.web;

import io.ledgerflow.console.auth.ConsoleUser;
import io.ledgerflow.console.auth.Role;

/**
 * What every page's template gets besides its data: who is signed in, the CSRF token for its
 * forms, the words and number formats of the chosen language, and where the page is (for the
 * language switch).
 */
public record Page(ConsoleUser user, String csrf, Messages messages, Formats formats, String path, boolean signOut) {

    public String t(String key, Object... args) {
        return messages.get(key, args);
    }

    public String lang() {
        return messages.language();
    }

    /** The other language's code: the switch's target. */
    public String otherLang() {
        return "ja".equals(lang()) ? "en" : "ja";
    }

    public boolean may(String role) {
        return user != null && user.may(Role.parse(role));
    }

    /** A machine name (a reason code, a state) in words, with the name beside it: "不正な日付 (INVALID_DATE)". */
    public String named(String prefix, String code) {
        if (code == null || code.isEmpty()) {
            return "";
        }
        String key = prefix + "." + code;
        return messages.has(key) ? messages.get(key) : code;
    }

    /** Error names the console says in words; a failure's text is searched for them. */
    private static final java.util.List<String> KNOWN_ERRORS = java.util.List.of("BadInputFileException",
            "RejectThresholdExceededException", "PeriodNotOpenException", "ReleaseNotVerifiedException",
            "CloseRefusedException", "ReconciliationException", "States.Timeout", "States.TaskFailed");

    /** A run's or job's failure in words: the first known error name it mentions, translated; else empty. */
    public String failureInWords(String failure) {
        if (failure == null) {
            return "";
        }
        for (String name : KNOWN_ERRORS) {
            if (failure.contains(name)) {
                return messages.get("error." + name);
            }
        }
        return "";
    }
}
