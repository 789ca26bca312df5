package io.ledgerflow.workflows.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the AWS SDK v2 calls in Java sources: every method called on a variable, field or parameter
 * whose type is an SDK service client ({@code software.amazon.awssdk.services.*.*Client}), a presigner
 * ({@code software.amazon.awssdk.services.*.presigner.*Presigner}) or one of
 * ledgerflow's own AWS clients ({@link #OWN_CLIENTS}), as {@code "DynamoDbClient.putItem"}. A source
 * scan, not a call graph: it sees a new call wherever it is written, which is what keeps the
 * template's grants honest.
 */
final class SdkCalls {

    private static final Pattern CLIENT_IMPORT =
            Pattern.compile("import\\s+software\\.amazon\\.awssdk\\.services\\.\\w+\\.(\\w+Client)\\s*;");
    /** A presigner signs with the caller's role: what its URL may do is what that role is granted. */
    private static final Pattern PRESIGNER_IMPORT =
            Pattern.compile("import\\s+software\\.amazon\\.awssdk\\.services\\.\\w+\\.presigner\\.(\\w+Presigner)\\s*;");
    /**
     * Clients written in ledgerflow in place of an SDK client the registry does not serve (package to
     * class): seen where imported and in their own package, their methods named as the SDK's.
     */
    static final Map<String, String> OWN_CLIENTS = Map.of("io.ledgerflow.core.adapters.stepfunctions", "StepFunctionsClient");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** Text blocks, string and char literals, comments: whichever starts first wins, as in a lexer. */
    private static final Pattern NOT_CODE = Pattern.compile(
            "\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'|//[^\\n]*|/\\*.*?\\*/",
            Pattern.DOTALL);

    private SdkCalls() {}

    /** Call ("DynamoDbClient.putItem") to where it is written ("batch-core/.../X.java:81"), over every root. */
    static Map<String, List<String>> scan(Path repository, List<Path> sourceRoots) {
        Map<String, List<String>> calls = new TreeMap<>();
        for (Path root : sourceRoots) {
            try (Stream<Path> files = Files.walk(repository.resolve(root))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    String where = repository.relativize(file.toAbsolutePath().normalize()).toString();
                    scanFile(Files.readString(file, StandardCharsets.UTF_8), where, calls);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return calls;
    }

    static void scanFile(String source, String where, Map<String, List<String>> calls) {
        Matcher imports = CLIENT_IMPORT.matcher(source);
        List<String> clientTypes = new ArrayList<>();
        while (imports.find()) {
            clientTypes.add(imports.group(1));
        }
        Matcher presigners = PRESIGNER_IMPORT.matcher(source);
        while (presigners.find()) {
            clientTypes.add(presigners.group(1));
        }
        Matcher declaredPackage = PACKAGE.matcher(source);
        String filePackage = declaredPackage.find() ? declaredPackage.group(1) : "";
        OWN_CLIENTS.forEach((clientPackage, type) -> {
            boolean imported = Pattern.compile("import\\s+" + Pattern.quote(clientPackage + "." + type) + "\\s*;")
                    .matcher(source).find();
            if (imported || filePackage.equals(clientPackage)) {
                clientTypes.add(type);
            }
        });
        if (clientTypes.isEmpty()) {
            return;
        }
        // Blank comments and literals out, keeping offsets, so that line numbers stay right.
        String code = blank(NOT_CODE, source);
        for (String type : clientTypes) {
            Matcher declarations = Pattern.compile("\\b" + type + "\\s+(\\w+)\\s*[;,)=]").matcher(code);
            while (declarations.find()) {
                String variable = declarations.group(1);
                Matcher uses = Pattern.compile("\\b" + variable + "\\s*\\.\\s*(\\w+)\\s*\\(").matcher(code);
                while (uses.find()) {
                    String location = where + ":" + line(code, uses.start());
                    List<String> at = calls.computeIfAbsent(type + "." + uses.group(1), k -> new ArrayList<>());
                    if (!at.contains(location)) {
                        at.add(location);
                    }
                }
            }
        }
    }

    private static String blank(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start());
            for (char c : m.group().toCharArray()) {
                out.append(c == '\n' ? '\n' : ' ');
            }
            last = m.end();
        }
        return out.append(text, last, text.length()).toString();
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
