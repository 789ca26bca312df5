package io.ledgerflow.cli;

import io.ledgerflow.core.daily.start.DayStarter;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Who a command acts as, as it is recorded with a run, a close or a reopen: an identity the
 * machine vouches for, never only a name typed on the command line.
 *
 * <ul>
 *   <li>locally: the operating-system user, the JVM's {@code user.name} (read from the OS, unlike
 *       {@code $USER}, which a cron job or container may leave unset or set to anything);</li>
 *   <li>with {@code --target aws}: the caller's AWS identity, the ARN that STS GetCallerIdentity
 *       returns for the credentials the command signs with ({@link TargetOptions#callerArn}).</li>
 * </ul>
 *
 * {@code --requested-by NAME} only adds the person the operator acts for, beside the identity:
 * {@code arn:aws:sts::123456789012:assumed-role/ledgerflow-operator/alice (as keiko.tanaka)}. The
 * name is not verified; the identity is. Only the scheduled start path (the start-day function)
 * records {@value DayStarter#REQUESTED_BY_SCHEDULE} or {@value DayStarter#REQUESTED_BY_LATE_FILE};
 * an operating-system account that happens to bear one of those names is recorded qualified
 * ({@code scheduler (os user)}), so that a manual run never reads as the schedule's.
 */
final class Caller {

    /** A name given with {@code --requested-by}, at most (it is recorded in every run and period item). */
    static final int NAME_CHARS_MAX = 128;
    private static final Set<String> TRIGGER_NAMES =
            Set.of(DayStarter.REQUESTED_BY_SCHEDULE, DayStarter.REQUESTED_BY_LATE_FILE);

    private Caller() {}

    /** The operating-system user running this JVM. */
    static String localUser() {
        String user = System.getProperty("user.name");
        if (user == null || user.isBlank()) {
            // The JVM always sets it from the OS; blank would be a broken runtime, not a person.
            throw new IllegalStateException("the operating-system user is unknown (user.name is not set)");
        }
        String name = user.strip();
        return TRIGGER_NAMES.contains(name) ? name + " (os user)" : name;
    }

    /**
     * What is recorded: {@code identity}, and {@code named} beside it when given and different.
     *
     * @param named the {@code --requested-by} value, or null
     * @throws ParameterException when {@code named} is blank, too long or holds control characters
     */
    static String recorded(CommandSpec spec, String identity, String named) {
        if (named == null) {
            return identity;
        }
        String name = named.strip();
        if (name.isEmpty() || name.length() > NAME_CHARS_MAX || name.chars().anyMatch(Character::isISOControl)) {
            throw new ParameterException(spec.commandLine(), "--requested-by must be a name of 1 to " + NAME_CHARS_MAX
                    + " printable characters (it is recorded beside your identity, " + identity + ")");
        }
        return name.equals(identity) ? identity : identity + " (as " + name + ")";
    }
}
