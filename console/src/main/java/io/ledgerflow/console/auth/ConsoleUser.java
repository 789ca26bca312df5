package io.ledgerflow.console.auth;

import java.util.Objects;

/** A signed-in user: the name recorded as who did what, and the role. */
public record ConsoleUser(String name, Role role) {
    public ConsoleUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a user's name is never blank");
        }
    }

    public boolean may(Role needed) {
        return role.includes(needed);
    }
}
