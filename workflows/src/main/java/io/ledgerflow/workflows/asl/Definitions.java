package io.ledgerflow.workflows.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads definition text: SAM-style substitutions, then JSON, then validation, then the model. */
public final class Definitions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.:-]+)}");
    private static final int DEFINITION_CHARS_MAX = 1_048_576; // AWS's definition size limit (1 MiB)

    private Definitions() {}

    /**
     * Replaces each {@code ${Name}} that has a substitution, as SAM's DefinitionSubstitutions do;
     * placeholders without one are left as they are (SAM does the same).
     */
    public static String substitute(String text, Map<String, String> substitutions) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = substitutions.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Parses and validates; throws {@link InvalidDefinitionException} naming every problem. */
    public static JsonNode readValid(String text, Map<String, String> substitutions) {
        if (text.length() > DEFINITION_CHARS_MAX) {
            throw new InvalidDefinitionException(List.of(new Problem("(definition)", "DEFINITION_TOO_LARGE",
                    "longer than " + DEFINITION_CHARS_MAX + " characters")));
        }
        JsonNode json;
        try {
            json = JSON.readTree(substitute(text, substitutions));
        } catch (JsonProcessingException e) {
            throw new InvalidDefinitionException(List.of(new Problem("(definition)", "INVALID_JSON", e.getOriginalMessage())));
        }
        List<Problem> problems = AslValidator.validate(json);
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException(problems);
        }
        return json;
    }

    public static StateMachine parse(String text, Map<String, String> substitutions) {
        return AslParser.parse(readValid(text, substitutions));
    }
}
