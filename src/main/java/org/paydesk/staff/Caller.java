package org.paydesk.staff;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The signed-in staff member on whose behalf a service method runs; every method checks its roles. */
public record Caller(long staffId, String username, Set<Role> roles) {

    public Caller {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** Throws {@link NotAllowedException} unless the caller has {@code role}. */
    public void require(Role role, String action) {
        if (!roles.contains(role)) {
            throw new NotAllowedException(username + " is not allowed to " + action + ": that needs the " + role
                    + " role (" + (roles.isEmpty() ? "no roles" : "has " + roles.stream().map(Enum::name).sorted()
                    .collect(Collectors.joining(", "))) + ")");
        }
    }
}
