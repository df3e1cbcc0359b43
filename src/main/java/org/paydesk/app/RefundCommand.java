package org.paydesk.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.paydesk.refunds.RefundService;
import org.paydesk.refunds.RefundService.Refund;
import org.paydesk.staff.Caller;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code refund request | list | approve | reject}: refunds with four eyes (DESIGN §5, §11). Commands act as
 * the system operator, who may request; a decision needs {@code --as STAFF} with that person's password,
 * and the service refuses the requester.
 */
@Command(name = "refund", description = "Refunds with four eyes: request, list, approve, reject.",
        subcommands = {RefundCommand.Request.class, RefundCommand.ListRefunds.class, RefundCommand.Approve.class,
            RefundCommand.Reject.class})
final class RefundCommand implements Callable<Integer> {

    static final String AS_DESCRIPTION = "Act as this staff member; the password is read from the terminal, or from"
            + " the first line of standard input when there is no terminal.";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "say what to do: refund request, refund list, refund approve or refund reject");
    }

    /** The system operator, or the staff member {@code --as} names once signed in. */
    static Caller caller(PaydeskCommand root, Paydesk paydesk, String as) throws IOException {
        return as == null ? paydesk.systemCaller() : PasswordPrompt.signIn(root, paydesk, as);
    }

    @Command(name = "request", description = "Request a tip refund (--tippee and --paydays) or a full refund (--full).")
    static final class Request implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--participant", required = true, paramLabel = "USERNAME",
                description = "Who gets the money back (the tipper, for a tip refund).")
        String participant;

        @ArgGroup(exclusive = true, multiplicity = "1")
        What what;

        static final class What {
            @ArgGroup(exclusive = false)
            Tip tip;

            @Option(names = "--full", required = true, description = "Return the participant's whole balance.")
            boolean full;
        }

        static final class Tip {
            @Option(names = "--tippee", required = true, paramLabel = "USERNAME")
            String tippee;

            @Option(names = "--paydays", required = true, split = ",", paramLabel = "ID",
                    description = "The paydays whose transfers to return, e.g. 3,4.")
            List<Long> paydays;
        }

        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;

        @Option(names = "--as", paramLabel = "STAFF", description = AS_DESCRIPTION)
        String as;

        @Override
        public Integer call() throws IOException {
            PaydeskCommand root = PaydayCommand.root(spec);
            try (Paydesk paydesk = root.open()) {
                Caller caller = caller(root, paydesk, as);
                RefundService refunds = paydesk.refunds();
                long id = what.full ? refunds.requestFullRefund(caller, participant, reason)
                        : refunds.requestTipRefund(caller, participant, what.tip.tippee, what.tip.paydays, reason);
                Refund refund = refunds.get(id);
                root.out().println("Requested refund #" + id + " (" + describe(refund) + "); another approver must"
                        + " approve it: refund approve " + id + " --note TEXT --as APPROVER");
                return 0;
            }
        }
    }

    @Command(name = "list", description = "Refunds, newest first.")
    static final class ListRefunds implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--status", paramLabel = "STATUS", split = ",",
                description = "REQUESTED, APPROVED, REJECTED, EXECUTED or FAILED (any case; several with commas).")
        List<String> status;

        @Option(names = "--limit", defaultValue = "50", paramLabel = "N")
        int limit;

        @Option(names = "--json", description = "One JSON array, amounts as strings with two decimals.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            Set<RefundService.Status> statuses = EnumSet.noneOf(RefundService.Status.class);
            for (String s : status == null ? List.<String>of() : status) {
                try {
                    statuses.add(RefundService.Status.valueOf(s.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--status must be REQUESTED, APPROVED, REJECTED, EXECUTED or FAILED, got '" + s + "'");
                }
            }
            if (limit < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
            }
            PaydeskCommand root = PaydayCommand.root(spec);
            try (Paydesk paydesk = root.open()) {
                List<Refund> rows = paydesk.refunds().page(statuses, null, limit);
                if (json) {
                    printJson(root, rows);
                } else if (rows.isEmpty()) {
                    root.out().println("No refund" + (statuses.isEmpty() ? "" : " with status " + statuses) + ".");
                } else {
                    root.out().printf("%-6s %-9s %-20s %-20s %12s %-9s %-12s %-12s %s%n", "ID", "STATUS", "PARTICIPANT",
                            "TIPPEE", "AMOUNT", "KIND", "REQUESTED BY", "DECIDED BY", "REASON / OUTCOME");
                    for (Refund r : rows) {
                        root.out().printf("%-6d %-9s %-20s %-20s %12s %-9s %-12s %-12s %s%n", r.id(), r.status(),
                                r.participant(), r.tippee() == null ? "-" : r.tippee(),
                                r.amount() == null ? "balance" : r.amount().toPlainString(), r.kind(), r.requestedBy(),
                                r.decidedBy() == null ? "-" : r.decidedBy(), r.reason() + outcome(r));
                    }
                }
                return 0;
            }
        }

        private static void printJson(PaydeskCommand root, List<Refund> rows) throws IOException {
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode array = mapper.createArrayNode();
            for (Refund r : rows) {
                ObjectNode o = array.addObject();
                o.put("id", r.id());
                o.put("kind", r.kind().name());
                o.put("status", r.status().name());
                o.put("participant", r.participant());
                o.put("tippee", r.tippee());
                ArrayNode paydays = o.putArray("paydays");
                r.paydays().forEach(paydays::add);
                o.put("amount", r.amount() == null ? null : r.amount().toPlainString());
                o.put("reason", r.reason());
                o.put("requested_by", r.requestedBy());
                o.put("requested_at", r.requestedAt().toString());
                o.put("decided_by", r.decidedBy());
                o.put("decided_at", r.decidedAt() == null ? null : r.decidedAt().toString());
                o.put("decision_note", r.decisionNote());
                o.put("executed_at", r.executedAt() == null ? null : r.executedAt().toString());
                if (r.executedByPayday() == null) {
                    o.putNull("executed_by_payday");
                } else {
                    o.put("executed_by_payday", r.executedByPayday());
                }
                o.put("error", r.error());
            }
            root.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
        }
    }

    static String describe(Refund r) {
        return r.kind() == RefundService.Kind.FULL ? "full refund to " + r.participant()
                : "tip refund of " + r.amount().toPlainString() + " from " + r.tippee() + " to " + r.participant()
                        + ", paydays " + r.paydays();
    }

    private static String outcome(Refund r) {
        List<String> parts = new ArrayList<>();
        if (r.decisionNote() != null) {
            parts.add("note: " + r.decisionNote());
        }
        if (r.status() == RefundService.Status.EXECUTED) {
            parts.add(r.executedByPayday() == null ? "executed by the queue" : "executed by payday #" + r.executedByPayday());
        }
        if (r.error() != null) {
            parts.add(r.error());
        }
        return parts.isEmpty() ? "" : "  [" + String.join("; ", parts) + "]";
    }

    /** The shared part of approve and reject. */
    abstract static class Decide implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The refund's number (refund list).")
        long id;

        @Option(names = "--note", required = true, paramLabel = "TEXT")
        String note;

        @Option(names = "--as", paramLabel = "STAFF", description = AS_DESCRIPTION)
        String as;

        abstract boolean approving();

        @Override
        public Integer call() throws IOException {
            String verb = approving() ? "approve" : "reject";
            if (as == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "to " + verb + " a refund, say who decides:"
                        + " --as STAFF (an APPROVER who did not request it); commands otherwise act as the system"
                        + " operator, which may request refunds but not decide them (four eyes)");
            }
            PaydeskCommand root = PaydayCommand.root(spec);
            try (Paydesk paydesk = root.open()) {
                Caller caller = PasswordPrompt.signIn(root, paydesk, as);
                RefundService refunds = paydesk.refunds();
                Refund refund = refunds.get(id);
                if (approving()) {
                    refunds.approve(caller, id, note, refund.version());
                    root.out().println("Approved refund #" + id + " (" + describe(refund) + "); it is executed by the"
                            + " next queue pass (queue process) or at the start of the next payday.");
                } else {
                    refunds.reject(caller, id, note, refund.version());
                    root.out().println("Rejected refund #" + id + " (" + describe(refund) + ").");
                }
                return 0;
            }
        }
    }

    @Command(name = "approve", description = "Approve a requested refund, as --as STAFF (never its requester).")
    static final class Approve extends Decide {
        @Override
        boolean approving() {
            return true;
        }
    }

    @Command(name = "reject", description = "Reject a requested refund, as --as STAFF (never its requester).")
    static final class Reject extends Decide {
        @Override
        boolean approving() {
            return false;
        }
    }
}
