package io.ledgerflow.console.web;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The console's words in one language (English or Japanese), from {@code console/messages*.properties}
 * (UTF-8). Machine names (reason codes, states, run ids) are shown beside their translation, never
 * instead of it.
 */
public final class Messages {

    public static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.JAPANESE);
    private static final String BUNDLE = "console.messages";

    private final Locale locale;
    private final ResourceBundle bundle;

    private Messages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale, Messages.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    private static final Messages ENGLISH = new Messages(Locale.ENGLISH);
    private static final Messages JAPANESE = new Messages(Locale.JAPANESE);

    /** The messages of {@code language} ("ja" or anything else: English). */
    public static Messages of(String language) {
        return "ja".equals(language) ? JAPANESE : ENGLISH;
    }

    /**
     * The language a person asked for: an explicit choice ({@code ?lang=} or the cookie) first, then
     * the first of Accept-Language's ranges that the console speaks, else English.
     */
    public static String choose(String explicit, String acceptLanguage) {
        if ("ja".equals(explicit) || "en".equals(explicit)) {
            return explicit;
        }
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                Locale match = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), LANGUAGES);
                if (match != null) {
                    return match.getLanguage();
                }
            } catch (IllegalArgumentException e) {
                // a malformed header: the default language
            }
        }
        return "en";
    }

    public Locale locale() {
        return locale;
    }

    public String language() {
        return locale.getLanguage();
    }

    /** The message {@code key} with {@code args} ({@link MessageFormat}); the key itself when missing. */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    /** Whether a message exists for {@code key}. */
    public boolean has(String key) {
        return bundle.containsKey(key);
    }
}
