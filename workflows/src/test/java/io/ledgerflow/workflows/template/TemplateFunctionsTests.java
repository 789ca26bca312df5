package io.ledgerflow.workflows.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The template's functions against the handler classes of the lambdas module. */
class TemplateFunctionsTests {

    /** Handlers that the template names before they are written (none now; start-day was the last). */
    static final Map<String, String> PENDING_HANDLERS = Map.of();

    static final String PACKAGE = "../lambdas/target/ledgerflow-lambdas.jar";

    private final SamTemplate template = SamTemplate.load(TemplateFiles.FILE);

    @Test
    void everyHandler_isALambdaHandlerClassWithANoArgumentConstructor() {
        List<String> problems = new ArrayList<>();
        template.resources("AWS::Serverless::Function").forEach((id, resource) -> {
            if (EmbeddedStack.isWebAdapterFunction(resource)) {
                return; // a web server's start script (TemplateConsoleTests), not a handler class
            }
            String handler = (String) SamTemplate.properties(resource).get("Handler");
            String[] parts = handler.split("::");
            String className = parts[0];
            Class<?> type;
            try {
                type = Class.forName(className, false, getClass().getClassLoader());
            } catch (ClassNotFoundException e) {
                if (!PENDING_HANDLERS.containsKey(className)) {
                    problems.add(id + ": handler class " + className + " does not exist");
                }
                return;
            }
            if (PENDING_HANDLERS.containsKey(className)) {
                problems.add(id + ": " + className + " exists now: remove it from PENDING_HANDLERS here, its function"
                        + " from TemplateIamTests.PENDING_FUNCTIONS, and list its SDK calls in TemplateIamTests.CALLS");
            }
            if (!RequestStreamHandler.class.isAssignableFrom(type) && !RequestHandler.class.isAssignableFrom(type)) {
                problems.add(id + ": " + className + " implements neither RequestStreamHandler nor RequestHandler");
            }
            if (parts.length > 1 && !parts[1].equals("handleRequest")) {
                problems.add(id + ": handler method " + parts[1] + " is not the interface's handleRequest");
            }
            if (Modifier.isAbstract(type.getModifiers()) || !hasPublicNoArgumentConstructor(type)) {
                problems.add(id + ": " + className + " needs a public no-argument constructor (the Lambda runtime's way)");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyFunction_runsJava21WithSnapStartFromTheShadedPackage() throws IOException {
        Map<String, Object> globals = SamTemplate.map(template.section("Globals"), "Function");
        assertThat(globals).containsEntry("Runtime", "java21").containsEntry("CodeUri", PACKAGE)
                .containsKey("AutoPublishAlias");
        assertThat(SamTemplate.map(globals, "SnapStart")).containsEntry("ApplyOn", "PublishedVersions");
        String lambdasPom = Files.readString(TemplateFiles.REPOSITORY.resolve("lambdas/pom.xml"), StandardCharsets.UTF_8);
        assertThat(lambdasPom).as("lambdas/pom.xml shades the package the template deploys")
                .contains("<outputFile>${project.build.directory}/ledgerflow-lambdas.jar</outputFile>");
        template.resources("AWS::Serverless::Function").forEach((id, r) -> assertThat(SamTemplate.properties(r))
                .as("%s states its own memory, timeout and name", id)
                .containsKeys("MemorySize", "Timeout", "FunctionName")
                .doesNotContainKeys("Runtime", "AutoPublishAlias"));
        // Every handler comes from the lambdas package; only the console (a web server behind the
        // Lambda Web Adapter) has a package of its own.
        template.resources("AWS::Serverless::Function").forEach((id, r) -> assertThat(SamTemplate.properties(r).get("CodeUri"))
                .as("%s's package", id)
                .isEqualTo(EmbeddedStack.isWebAdapterFunction(r) ? TemplateConsoleTests.CONSOLE_PACKAGE : null));
    }

    /**
     * The Parameters and Secrets extension authenticates its caller with AWS_SESSION_TOKEN, which
     * Lambda does not set for a SnapStart function (its credentials come from the container
     * credentials endpoint): with SnapStart, LedgerSecret gets an error and the close fails at
     * Export. So a function with the extension runs without SnapStart, and so (the lead's rule,
     * docs/aws.md) does every function of the monthly close; the daily ones keep it.
     */
    @Test
    void functionsThatReadASecret_andTheCloseFunctions_runWithoutSnapStart_theDailyOnesWithIt() {
        Map<String, Map<String, Object>> functions = template.resources("AWS::Serverless::Function");
        List<String> closeFunctions = invokedFunctions("MonthlyCloseStateMachine");
        List<String> dailyFunctions = invokedFunctions("DailyJournalStateMachine");
        assertThat(closeFunctions).contains("ExportLedgerFunction", "ReopenPeriodFunction");
        assertThat(dailyFunctions).contains("JournalizePartitionsFunction");
        List<String> problems = new ArrayList<>();
        functions.forEach((id, r) -> {
            Map<String, Object> p = SamTemplate.properties(r);
            boolean readsSecret = !SamTemplate.list(p.get("Layers")).isEmpty()
                    || SamTemplate.map(SamTemplate.map(p, "Environment"), "Variables").keySet().stream()
                            .anyMatch(v -> v.endsWith("_SECRET_ARN"));
            String applyOn = (String) SamTemplate.map(p, "SnapStart").get("ApplyOn");
            boolean snapStart = applyOn == null ? true : !"None".equals(applyOn);
            if ((readsSecret || closeFunctions.contains(id)) && snapStart) {
                problems.add(id + " runs with SnapStart but " + (readsSecret ? "reads a secret through the extension"
                        : "is a monthly-close function") + ": set SnapStart.ApplyOn None");
            }
            if (dailyFunctions.contains(id) && !snapStart) {
                problems.add(id + " is a daily function and lost SnapStart");
            }
        });
        assertThat(problems).isEmpty();
    }

    /** Logical ids of the functions a state machine's DefinitionSubstitutions name ({@code !Ref F.Alias}). */
    private List<String> invokedFunctions(String stateMachine) {
        List<String> ids = new ArrayList<>();
        SamTemplate.map(SamTemplate.properties(template.resources().get(stateMachine)), "DefinitionSubstitutions").values()
                .forEach(v -> {
                    if (v instanceof Map<?, ?> m && m.get("Ref") instanceof String ref && ref.endsWith(".Alias")) {
                        ids.add(ref.substring(0, ref.length() - ".Alias".length()));
                    }
                });
        return ids;
    }

    private static boolean hasPublicNoArgumentConstructor(Class<?> type) {
        try {
            return Modifier.isPublic(type.getConstructor().getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
