package io.ledgerflow.console.auth;

import io.javalin.security.RouteRole;
import java.util.Locale;

/**
 * What a console user may do. Each role includes the ones before it: an operator reads, a closer
 * reads and reruns too.
 */
public enum Role implements RouteRole {
    /** Reads every page and downloads. */
    VIEWER,
    /** Also reruns days with corrected files. */
    OPERATOR,
    /** Also closes and reopens months. */
    CLOSER;

    /** Whether this role includes {@code needed}. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The role named {@code name} (viewer, operator, closer; any case). */
    public static Role parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + name + "': viewer, operator or closer");
        }
    }

    public String lowerCase() {
        return name().toLowerCase(Locale.ROOT);
    }
}
