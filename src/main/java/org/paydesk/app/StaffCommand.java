package org.paydesk.app;

import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.paydesk.staff.Role;
import org.paydesk.staff.StaffService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code staff add | list | reset-password}: staff accounts from the command line (the first-run path for the first ADMIN). */
@Command(name = "staff", description = "Staff accounts.",
        subcommands = {StaffCommand.Add.class, StaffCommand.ListStaff.class, StaffCommand.ResetPassword.class})
final class StaffCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: staff add, staff list or staff reset-password");
    }

    @Command(name = "add", description = "Add a staff member. The password is read from the terminal, or from the"
            + " first line of standard input when there is no terminal; it is never shown or logged.")
    static final class Add implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "USERNAME")
        String username;

        @Option(names = "--role", required = true, split = ",", paramLabel = "ROLE",
                description = "CLERK, APPROVER, OPERATOR, ADMIN (repeat or separate with commas).")
        List<Role> roles;

        @Option(names = "--display-name", paramLabel = "NAME")
        String displayName;

        @Override
        public Integer call() throws IOException {
            PaydeskCommand root = PaydayCommand.root(spec);
            char[] password = PasswordPrompt.readNew(root);
            try (Paydesk paydesk = root.open()) {
                Set<Role> chosen = EnumSet.copyOf(roles);
                long id = paydesk.staff().add(paydesk.systemCaller(), username, displayName, chosen, password);
                root.out().println("Added staff member " + username + " (#" + id + ") with roles " + chosen);
                return 0;
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(name = "reset-password", description = "Give a staff member a new password, read like staff add's;"
            + " they must choose their own at the next sign-in. Audited.")
    static final class ResetPassword implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "USERNAME")
        String username;

        @Override
        public Integer call() throws IOException {
            PaydeskCommand root = PaydayCommand.root(spec);
            char[] password = PasswordPrompt.readNew(root);
            try (Paydesk paydesk = root.open()) {
                StaffService.StaffRow row = paydesk.staff().list().stream()
                        .filter(r -> !r.system() && r.username().equalsIgnoreCase(username.strip())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("there is no staff member '" + username + "'"));
                paydesk.staff().resetPassword(paydesk.systemCaller(), row.id(), password, row.version());
                root.out().println("Reset the password of " + row.username() + "; they must choose a new one at the next sign-in");
                return 0;
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(name = "list", description = "Every staff member with roles.")
    static final class ListStaff implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--json", description = "Print the staff as a JSON array.")
        boolean json;

        @Override
        public Integer call() {
            PaydeskCommand root = PaydayCommand.root(spec);
            try (Paydesk paydesk = root.open()) {
                List<StaffService.StaffRow> rows = paydesk.staff().list();
                if (json) {
                    com.fasterxml.jackson.databind.node.ArrayNode array = new com.fasterxml.jackson.databind.ObjectMapper()
                            .createArrayNode();
                    for (StaffService.StaffRow row : rows) {
                        var o = array.addObject().put("username", row.username()).put("display_name", row.displayName());
                        row.roles().stream().map(Enum::name).sorted().forEach(o.putArray("roles")::add);
                        o.put("disabled", row.disabled()).put("built_in", row.system());
                    }
                    root.out().println(array.toPrettyString());
                    return 0;
                }
                TextTable table = TextTable.of("username", "display name", "roles", "state");
                for (StaffService.StaffRow row : rows) {
                    table.row(row.username(), row.displayName(), String.join(", ", row.roles().stream().map(Enum::name).sorted()
                            .toList()), row.disabled() ? "disabled" : row.system() ? "built in"
                            : row.mustChangePassword() ? "enabled, must change password" : "enabled");
                }
                table.print(root.out());
                return 0;
            }
        }
    }
}
