package io.ledgerflow.workflows.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The release pipeline as code (.github/workflows/release.yml) and its environments
 * (workflows/samconfig.toml): nothing is deployed unless ci/test and CI stage 2 passed for the
 * commit and stage 2's attestation is uploaded with the release role, which reaches AWS through
 * OIDC only. {@link #problems} is the check; the tests run it on the real file and on broken copies,
 * so that the check itself is seen to fail.
 */
class ReleasePipelineTests {

    static final Path PIPELINE = TemplateFiles.REPOSITORY.resolve(".github/workflows/release.yml");
    static final Path SAMCONFIG = TemplateFiles.MODULE.resolve("samconfig.toml");

    @Test
    void theReleasePipeline_deploysOnlyAfterBothStages_andUploadsTheAttestationWithTheReleaseRole() throws IOException {
        Map<String, Object> pipeline = load(Files.readString(PIPELINE, StandardCharsets.UTF_8));

        assertThat(problems(pipeline)).isEmpty();
        assertThat(deployJobs(pipeline)).containsExactly("deploy-staging", "deploy-production");
    }

    @Test
    void theCheck_catchesADeployThatSkipsStage2() throws IOException {
        String text = Files.readString(PIPELINE, StandardCharsets.UTF_8).replace("needs: [test, stage2]", "needs: [test]");

        assertThat(problems(load(text))).anySatisfy(p -> assertThat(p).contains("deploy-staging").contains("ci/stage2"));
    }

    @Test
    void theCheck_catchesADeployWithoutTheAttestationUpload_orWithStoredKeys() throws IOException {
        String original = Files.readString(PIPELINE, StandardCharsets.UTF_8);
        String noUpload = original.replaceFirst("run: scripts/release-step attest \"\\$STACK\" attestation", "run: echo skipped");
        String keys = original.replaceFirst("role-to-assume: \\$\\{\\{ vars.RELEASE_ROLE_ARN }}",
                "aws-access-key-id: \\${{ secrets.AWS_ACCESS_KEY_ID }}");

        assertThat(problems(load(noUpload))).anySatisfy(p -> assertThat(p).contains("deploy-staging").contains("attestation"));
        assertThat(problems(load(keys))).anySatisfy(p -> assertThat(p).contains("stored AWS keys"));
    }

    @Test
    void samconfig_hasStagingAndProduction_asSeparateStacks_givingEveryRequiredParameter() throws IOException {
        Map<String, Map<String, Object>> config = toml(Files.readString(SAMCONFIG, StandardCharsets.UTF_8));
        Set<String> required = new LinkedHashSet<>();
        SamTemplate.load(TemplateFiles.FILE).section("Parameters").forEach((name, p) -> {
            if (!SamTemplate.cast((Map<?, ?>) p).containsKey("Default")) {
                required.add(name);
            }
        });
        assertThat(required).contains("LedgerDbJdbcUrl", "ReleasePipelineRoleArn", "LedgerDbRouteTableIds");
        Set<String> stacks = new LinkedHashSet<>();
        for (String environment : List.of("staging", "production")) {
            Map<String, Object> deploy = config.get(environment + ".deploy.parameters");
            assertThat(deploy).as(environment + ".deploy.parameters").isNotNull();
            String stack = (String) deploy.get("stack_name");
            // the longest bucket name, STACK-results-ACCOUNT-REGION, must stay within S3's 63 characters
            assertThat(stack).matches("[a-z][a-z0-9-]{0,23}");
            stacks.add(stack);
            Set<String> given = new LinkedHashSet<>();
            for (Object override : (List<?>) deploy.get("parameter_overrides")) {
                given.add(((String) override).substring(0, ((String) override).indexOf('=')));
            }
            assertThat(given).as(environment + " gives every parameter without a default").containsAll(required);
            assertThat(SamTemplate.load(TemplateFiles.FILE).section("Parameters").keySet()).as(environment + " names only template parameters")
                    .containsAll(given);
        }
        assertThat(stacks).as("staging and production are two stacks").hasSize(2);
    }

    /** Jobs that run {@code sam deploy}, in file order. */
    static List<String> deployJobs(Map<String, Object> pipeline) {
        List<String> deploys = new ArrayList<>();
        jobs(pipeline).forEach((name, job) -> {
            if (steps(job).stream().anyMatch(s -> run(s).contains("sam deploy"))) {
                deploys.add(name);
            }
        });
        return deploys;
    }

    /** What is wrong with the pipeline; empty when every deploy is guarded as the issue asks. */
    static List<String> problems(Map<String, Object> pipeline) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> jobs = jobs(pipeline);
        if (String.valueOf(pipeline).matches("(?s).*(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id).*")) {
            problems.add("the pipeline uses stored AWS keys; the release role is reached through OIDC only");
        }
        List<String> deploys = deployJobs(pipeline);
        if (deploys.isEmpty()) {
            problems.add("no job runs sam deploy");
        }
        String artifact = findArtifact(jobs);
        if (artifact == null) {
            problems.add("no job runs ci/stage2 and keeps its attestation as an artifact");
        }
        for (String name : deploys) {
            Map<String, Object> job = jobs.get(name);
            Set<String> before = upstream(jobs, name);
            for (String stage : List.of("ci/test", "ci/stage2")) {
                boolean ran = before.stream().anyMatch(j -> steps(jobs.get(j)).stream().anyMatch(s -> run(s).contains(stage)));
                if (!ran) {
                    problems.add(name + " deploys without needing a job that runs " + stage);
                }
            }
            if (!"write".equals(SamTemplate.map(job, "permissions").get("id-token"))) {
                problems.add(name + " has no id-token: write (OIDC)");
            }
            if (job.get("environment") == null) {
                problems.add(name + " runs in no GitHub environment (no protection rules, no OIDC subject to trust)");
            }
            List<Map<String, Object>> steps = steps(job);
            int download = indexOf(steps, s -> String.valueOf(s.get("uses")).startsWith("actions/download-artifact")
                    && artifact != null && artifact.equals(SamTemplate.map(s, "with").get("name")));
            int credentials = indexOf(steps, s -> String.valueOf(s.get("uses")).startsWith("aws-actions/configure-aws-credentials")
                    && String.valueOf(SamTemplate.map(s, "with").get("role-to-assume")).contains("RELEASE_ROLE_ARN"));
            int build = indexOf(steps, s -> run(s).contains("sam build"));
            int deploy = indexOf(steps, s -> run(s).contains("sam deploy"));
            int attest = indexOf(steps, s -> run(s).matches("(?s).*(release-step attest|attestations/).*"));
            if (download < 0 || download > deploy) {
                problems.add(name + " does not fetch stage 2's attestation artifact before sam deploy");
            }
            if (credentials < 0 || credentials > deploy) {
                problems.add(name + " deploys without the release role (configure-aws-credentials, role-to-assume)");
            }
            if (build < 0 || build > deploy) {
                problems.add(name + " does not sam build before sam deploy");
            }
            if (attest < 0 || attest < credentials) {
                problems.add(name + " never uploads stage 2's attestation with the release role");
            }
            Matcher env = Pattern.compile("--config-env (\\w+)").matcher(run(steps.get(Math.max(deploy, 0))));
            if (!env.find() || !env.group(1).equals(job.get("environment"))) {
                problems.add(name + " deploys a --config-env other than its GitHub environment " + job.get("environment"));
            }
        }
        if (deploys.contains("deploy-production") && !upstream(jobs, "deploy-production").contains("deploy-staging")) {
            problems.add("deploy-production does not need deploy-staging");
        }
        return problems;
    }

    private static String findArtifact(Map<String, Map<String, Object>> jobs) {
        for (Map<String, Object> job : jobs.values()) {
            if (steps(job).stream().anyMatch(s -> run(s).contains("ci/stage2"))) {
                return uploadedArtifact(job);
            }
        }
        return null;
    }

    private static String uploadedArtifact(Map<String, Object> job) {
        return steps(job).stream().filter(s -> String.valueOf(s.get("uses")).startsWith("actions/upload-artifact"))
                .map(s -> (String) SamTemplate.map(s, "with").get("name")).findFirst().orElse(null);
    }

    /** Every job the given one needs, directly or not. */
    private static Set<String> upstream(Map<String, Map<String, Object>> jobs, String job) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(SamTemplate.strings(jobs.get(job).get("needs")));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next) && jobs.containsKey(next)) {
                todo.addAll(SamTemplate.strings(jobs.get(next).get("needs")));
            }
        }
        return seen;
    }

    private static int indexOf(List<Map<String, Object>> steps, java.util.function.Predicate<Map<String, Object>> test) {
        for (int i = 0; i < steps.size(); i++) {
            if (test.test(steps.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, Map<String, Object>> jobs(Map<String, Object> pipeline) {
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        SamTemplate.map(pipeline, "jobs").forEach((name, job) -> jobs.put(name, SamTemplate.cast((Map<?, ?>) job)));
        return jobs;
    }

    private static List<Map<String, Object>> steps(Map<String, Object> job) {
        return SamTemplate.list(job.get("steps")).stream().map(s -> SamTemplate.cast((Map<?, ?>) s)).toList();
    }

    private static String run(Map<String, Object> step) {
        return step.get("run") instanceof String run ? run : "";
    }

    private static Map<String, Object> load(String text) {
        return SamTemplate.cast(new Yaml(new SafeConstructor(new LoaderOptions())).load(text));
    }

    /**
     * The subset of TOML samconfig.toml uses: {@code [a.b.c]} tables, {@code key = "string"},
     * booleans, numbers, and arrays of strings over several lines.
     */
    static Map<String, Map<String, Object>> toml(String text) {
        Map<String, Map<String, Object>> tables = new LinkedHashMap<>();
        Map<String, Object> table = null;
        String arrayKey = null;
        List<String> array = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (array != null) {
                if (line.equals("]")) {
                    table.put(arrayKey, array);
                    array = null;
                } else {
                    array.add(unquote(line.endsWith(",") ? line.substring(0, line.length() - 1) : line));
                }
                continue;
            }
            if (line.startsWith("[")) {
                table = tables.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (table == null) {
                continue; // top-level keys (version)
            }
            if (value.equals("[")) {
                arrayKey = key;
                array = new ArrayList<>();
            } else {
                table.put(key, value.startsWith("\"") ? unquote(value) : value);
            }
        }
        return tables;
    }

    private static String unquote(String value) {
        if (!value.startsWith("\"") || !value.endsWith("\"")) {
            throw new IllegalArgumentException("not a TOML string: " + value);
        }
        return value.substring(1, value.length() - 1).replace("\\\"", "\"");
    }
}
