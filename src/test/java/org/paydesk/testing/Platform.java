package org.paydesk.testing;

import java.math.BigDecimal;
import java.util.EnumSet;
import org.paydesk.app.Paydesk;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;

/** A fresh database with staff of each role and some participants, for the workflow tests. */
public final class Platform implements AutoCloseable {

    public final Paydesk paydesk;
    public final Caller admin;
    public final Caller clerk;
    public final Caller approver;
    public final Caller secondApprover;
    public final Caller nobody;

    public Platform(String importJson) {
        paydesk = Paydesk.wrap(TestDatabases.fresh());
        admin = paydesk.staff().createFirstAdmin("ada", "Ada Admin", "ada's long password".toCharArray());
        clerk = add("cleo", EnumSet.of(Role.CLERK));
        approver = add("april", EnumSet.of(Role.APPROVER, Role.CLERK));
        secondApprover = add("arno", EnumSet.of(Role.APPROVER));
        nobody = add("otto", EnumSet.of(Role.OPERATOR));
        Fixtures.importJson(paydesk, importJson);
    }

    private Caller add(String name, EnumSet<Role> roles) {
        paydesk.staff().add(admin, name, null, roles, (name + "'s long password").toCharArray());
        return paydesk.staff().signIn(name, (name + "'s long password").toCharArray());
    }

    public BigDecimal balance(String username) {
        return paydesk.participants().findByUsername(username).orElseThrow().balance();
    }

    public long count(String sql) {
        return paydesk.database().read(c -> Fixtures.count(c, sql));
    }

    public void sql(String statement) {
        paydesk.database().inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute(statement);
            }
            return null;
        });
    }

    @Override
    public void close() {
        paydesk.close();
    }
}
