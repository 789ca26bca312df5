package io.ledgerflow.console.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The console's users under the home ({@code console/users}): one line per user,
 * {@code name:role:bcrypt-hash}. Passwords are hashed with spring-security-crypto's BCrypt and
 * never stored in clear; the file is readable by its owner only.
 */
public final class UsersFile {

    public static final String RELATIVE_PATH = "console/users";
    /** A name goes into audit lines and file lines: letters, digits and {@code . _ @ -} only. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    /** BCrypt reads at most 72 bytes of a password; a longer one would be silently cut. */
    public static final int PASSWORD_BYTES_MAX = 72;
    public static final int PASSWORD_CHARS_MIN = 8;
    /** BCrypt's cost: 2^10 rounds (spring-security-crypto's default), tens of milliseconds per sign-in. */
    private static final int BCRYPT_STRENGTH = 10;
    private static final int USERS_MAX = 1_000;

    private final Path file;
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(BCRYPT_STRENGTH);
    /** A hash to check a wrong name against, so that an unknown name costs as long as a wrong password. */
    private volatile String decoy;

    private record Entry(String name, Role role, String hash) {}

    public UsersFile(Path file) {
        this.file = file;
    }

    /** The users file of a home. */
    public static UsersFile of(Path home) {
        return new UsersFile(home.resolve(RELATIVE_PATH));
    }

    public Path path() {
        return file;
    }

    /** Adds the user, or replaces their role and password. */
    public synchronized void put(String name, Role role, char[] password) {
        requireName(name);
        requirePassword(password);
        Map<String, Entry> users = read();
        if (!users.containsKey(name) && users.size() >= USERS_MAX) {
            throw new IllegalStateException("at most " + USERS_MAX + " console users");
        }
        users.put(name, new Entry(name, role, encoder.encode(new String(password))));
        write(users);
    }

    /** The user whose password this is; empty for an unknown name or a wrong password. */
    public Optional<ConsoleUser> check(String name, char[] password) {
        Entry entry = name == null ? null : read().get(name);
        String candidate = new String(password);
        if (entry == null) {
            if (decoy == null) {
                decoy = encoder.encode("decoy password of no user");
            }
            encoder.matches(candidate, decoy);
            return Optional.empty();
        }
        return encoder.matches(candidate, entry.hash()) ? Optional.of(new ConsoleUser(entry.name(), entry.role()))
                : Optional.empty();
    }

    /** The users' names and roles (no hashes). */
    public List<ConsoleUser> users() {
        List<ConsoleUser> users = new ArrayList<>();
        read().values().forEach(e -> users.add(new ConsoleUser(e.name(), e.role())));
        return users;
    }

    public static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a user name is 1-64 characters of letters, digits, '.', '_', '@', '-'");
        }
    }

    public static void requirePassword(char[] password) {
        if (password == null || password.length < PASSWORD_CHARS_MIN) {
            throw new IllegalArgumentException("a password has at least " + PASSWORD_CHARS_MIN + " characters");
        }
        if (new String(password).getBytes(StandardCharsets.UTF_8).length > PASSWORD_BYTES_MAX) {
            throw new IllegalArgumentException("a password has at most " + PASSWORD_BYTES_MAX + " bytes (BCrypt's limit)");
        }
    }

    private Map<String, Entry> read() {
        Map<String, Entry> users = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return users;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(":", 3);
                if (parts.length != 3) {
                    throw new IllegalStateException(file + ": a line is name:role:hash, not '" + parts[0] + ":...'");
                }
                users.put(parts[0], new Entry(parts[0], Role.parse(parts[1]), parts[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return users;
    }

    private void write(Map<String, Entry> users) {
        StringBuilder text = new StringBuilder("# ledgerflow console users: name:role:bcrypt hash (ledgerflow console add-user)\n");
        users.values().forEach(e -> text.append(e.name()).append(':').append(e.role().lowerCase()).append(':')
                .append(e.hash()).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "users", ".tmp");
            try {
                restrict(temp);
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void restrict(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's permissions apply
        }
    }
}
