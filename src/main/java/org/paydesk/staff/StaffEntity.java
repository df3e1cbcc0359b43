package org.paydesk.staff;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.paydesk.db.Versioned;

/**
 * A staff member as an administrator edits them: roles, enabled or not, a reset password, under a
 * version. Sign-in's own bookkeeping (failed attempts) stays SQL and leaves the version alone.
 */
@Entity
@Table(name = "staff")
public class StaffEntity implements Versioned {

    @Id
    private Long id;

    @Column(nullable = false, insertable = false, updatable = false)
    private String username;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    private String[] roles;

    @Column(nullable = false)
    private boolean disabled;

    @Column(name = "password_hash")
    private String passwordHash;

    @Column(name = "must_change_password", nullable = false)
    private boolean mustChangePassword;

    @Column(name = "failed_sign_ins", nullable = false)
    private int failedSignIns;

    @Column(name = "last_failed_sign_in")
    private Instant lastFailedSignIn;

    @Column(name = "is_system", nullable = false, insertable = false, updatable = false)
    private boolean system;

    @Version
    @Column(nullable = false)
    private long version;

    protected StaffEntity() {
    }

    public String getUsername() {
        return username;
    }

    public boolean isSystem() {
        return system;
    }

    public Set<Role> getRoles() {
        Set<Role> all = EnumSet.noneOf(Role.class);
        Arrays.stream(roles).map(Role::valueOf).forEach(all::add);
        return all;
    }

    void setRoles(Set<Role> roles) {
        this.roles = roles.stream().map(Enum::name).sorted().toArray(String[]::new);
    }

    void setDisabled(boolean disabled) {
        this.disabled = disabled;
    }

    /** A new password the person must change at their next sign-in; any sign-in slow-down is cleared. */
    void resetPassword(String hash) {
        this.passwordHash = hash;
        this.mustChangePassword = true;
        this.failedSignIns = 0;
        this.lastFailedSignIn = null;
    }

    @Override
    public long getVersion() {
        return version;
    }
}
