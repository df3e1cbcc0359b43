package org.paydesk.app;

import java.util.List;
import java.util.concurrent.Callable;
import org.paydesk.money.Money;
import org.paydesk.processor.ProcessorBusyException;
import org.paydesk.queue.PaymentKind;
import org.paydesk.queue.PaymentQueue;
import org.paydesk.queue.QueuedPayment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code queue add | list | process}: manual balance changes through the serial processor (DESIGN §4). */
@Command(name = "queue", description = "The payment queue.",
        subcommands = {QueueCommand.Add.class, QueueCommand.ListQueue.class, QueueCommand.Process.class})
final class QueueCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: queue add, queue list or queue process");
    }

    @Command(name = "add", description = "Queue a payment in, a credit, a debit or a chargeback, then process the queue.")
    static final class Add implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--participant", required = true, paramLabel = "USERNAME")
        String participant;

        @Option(names = "--kind", required = true, paramLabel = "KIND",
                description = "payment-in, credit, debit or chargeback.")
        String kind;

        @Option(names = "--amount", required = true, paramLabel = "AMOUNT", description = "e.g. 25.00")
        String amount;

        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;

        @Option(names = "--ref", paramLabel = "REFERENCE",
                description = "External reference (cheque number…); unique, ignoring case.")
        String reference;

        @Option(names = "--force", description = "Queue it even though an identical item (same participant, kind,"
                + " amount and reason) was queued in the last 10 minutes: a second payment, not a retry.")
        boolean force;

        @Override
        public Integer call() {
            PaymentKind chosen;
            try {
                chosen = PaymentKind.valueOf(kind.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--kind must be payment-in, credit, debit or chargeback, got '" + kind + "'");
            }
            java.math.BigDecimal cents;
            try {
                cents = Money.parse(amount);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--amount: " + e.getMessage());
            }
            PaydeskCommand root = PaydayCommand.root(spec);
            try (Paydesk paydesk = root.open()) {
                long id = paydesk.queue().add(paydesk.systemCaller(), chosen, participant, cents, reason, reference, force);
                root.out().println("Queued #" + id);
                return processAndReport(paydesk, root, id);
            }
        }
    }

    /**
     * Processes the queue now if the processor is free. When a payday (or another processor) holds
     * it, the item stays queued and is applied when that finishes: that is success, said as such,
     * so nobody retries and queues the payment twice.
     */
    static int processAndReport(Paydesk paydesk, PaydeskCommand root, long id) {
        PaymentQueue.ProcessResult result;
        try {
            result = paydesk.queue().processQueued(paydesk.systemCaller());
        } catch (ProcessorBusyException busy) {
            root.out().println("#" + id + " is queued and will be processed when the processor is free (after the"
                    + " payday, or by the next queue sweep): " + busy.getMessage() + ". Do not queue it again.");
            return 0;
        }
        root.out().printf("Processed %d, failed %d%n", result.done(), result.failed());
        QueuedPayment item = paydesk.queue().get(id);
        if (item.status() == QueuedPayment.Status.FAILED) {
            root.err().println("#" + id + " failed: " + item.error());
            return PaydeskCommand.FAILED;
        }
        if (item.error() != null) {
            root.err().println("#" + id + ": " + item.error());
        }
        return 0;
    }

    @Command(name = "list", description = "Queued payments, newest first.")
    static final class ListQueue implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--status", paramLabel = "STATUS", description = "QUEUED, DONE, FAILED or CANCELLED.")
        QueuedPayment.Status status;

        @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "How many (default 50).")
        int limit;

        @Option(names = "--json", description = "Print the items as a JSON array.")
        boolean json;

        @Override
        public Integer call() {
            PaydeskCommand root = PaydayCommand.root(spec);
            try (Paydesk paydesk = root.open()) {
                List<QueuedPayment> items = paydesk.queue().list(status, Math.max(1, limit));
                if (json) {
                    com.fasterxml.jackson.databind.node.ArrayNode array = new com.fasterxml.jackson.databind.ObjectMapper()
                            .createArrayNode();
                    for (QueuedPayment q : items) {
                        array.addObject().put("number", q.id()).put("kind", q.kind().name()).put("participant", q.participant())
                                .put("amount", q.amount().toPlainString()).put("status", q.status().name())
                                .put("reason", q.reason()).put("reference", q.externalRef()).put("error", q.error())
                                .put("queued_by", q.queuedBy()).put("queued_at", q.queuedAt().toString())
                                .put("processed_at", q.processedAt() == null ? null : q.processedAt().toString());
                    }
                    root.out().println(array.toPrettyString());
                    return 0;
                }
                if (items.isEmpty()) {
                    root.out().println(status == null ? "The queue is empty." : "No " + status + " items in the queue.");
                    return 0;
                }
                TextTable table = TextTable.of(">#", "kind", "participant", ">amount", "status", "reason", "error");
                for (QueuedPayment q : items) {
                    table.row(q.id(), q.kind(), q.participant(), q.amount().toPlainString(), q.status(), q.reason(), q.error());
                }
                table.print(root.out());
                return 0;
            }
        }
    }

    @Command(name = "process", description = "Apply every queued payment (and approved refunds) now; for cron.")
    static final class Process implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PaydeskCommand root = PaydayCommand.root(spec);
            try (Paydesk paydesk = root.open()) {
                PaymentQueue.ProcessResult result = paydesk.queue().processQueued(paydesk.systemCaller());
                root.out().printf("Processed %d, failed %d%n", result.done(), result.failed());
                return result.failed() == 0 ? 0 : PaydeskCommand.FAILED;
            }
        }
    }
}
