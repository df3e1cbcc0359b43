package org.paydesk.ui.refunds;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;
import java.util.stream.Collectors;
import org.paydesk.money.Money;
import org.paydesk.refunds.RefundService.Kind;
import org.paydesk.refunds.RefundService.Refund;
import org.paydesk.refunds.RefundService.Status;

/** How refunds read on the refund screens: amounts in the installation's currency, outcomes in words. */
public final class RefundText {

    private final Currency currency;
    private final Locale locale;
    private final DateTimeFormatter times;

    public RefundText(Currency currency, Locale locale, ZoneId zone) {
        this.currency = currency;
        this.locale = locale;
        this.times = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.SHORT).withLocale(locale).withZone(zone);
    }

    public String money(BigDecimal amount) {
        return amount == null ? "" : Money.format(amount, currency, locale);
    }

    public String time(Instant instant) {
        return instant == null ? "" : times.format(instant);
    }

    /** "Tip" or "Full", for a table column. */
    public static String shortKind(Kind kind) {
        return kind == Kind.TIP ? "Tip" : "Full";
    }

    /** "Tip refund" or "Full refund". */
    public static String kind(Kind kind) {
        return kind == Kind.TIP ? "Tip refund" : "Full refund";
    }

    /** A tip refund's amount, or what a full refund returns: the whole balance when it runs. */
    public String amount(Refund refund) {
        if (refund.amount() != null) {
            return money(refund.amount());
        }
        return "balance";
    }

    /** "from bob, paydays 3, 4" for a tip refund; empty for a full one. */
    public static String what(Refund refund) {
        if (refund.kind() == Kind.FULL) {
            return "the whole balance, through the gateway";
        }
        return "from " + refund.tippee() + ", payday" + (refund.paydays().size() == 1 ? " " : "s ")
                + refund.paydays().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    public static String status(Status status) {
        return status.name().charAt(0) + status.name().substring(1).toLowerCase(Locale.ROOT);
    }

    /** What became of a refund: who decided, and whether the queue or a payday executed it, or why it failed. */
    public String outcome(Refund refund) {
        return switch (refund.status()) {
            case REQUESTED -> "Waiting for an approver other than " + refund.requestedBy();
            case APPROVED -> "Approved by " + refund.decidedBy() + "; executed by the next queue pass or payday";
            case REJECTED -> "Rejected by " + refund.decidedBy() + ": " + refund.decisionNote();
            case EXECUTED -> "Executed " + time(refund.executedAt()) + (refund.executedByPayday() == null ? " by the queue"
                    : " by payday #" + refund.executedByPayday()) + "; approved by " + refund.decidedBy()
                    + (refund.error() == null ? "" : ". Note: " + refund.error());
            case FAILED -> "Failed, nothing was refunded: " + refund.error() + " (approved by " + refund.decidedBy() + ")";
        };
    }

    /** The refund in full, for the detail pane. */
    public String detail(Refund refund) {
        StringBuilder text = new StringBuilder();
        text.append("Refund #").append(refund.id()).append(" · ").append(kind(refund.kind())).append(" to ")
                .append(refund.participant()).append(" · ")
                .append(refund.kind() == Kind.FULL ? what(refund) : amount(refund) + " " + what(refund))
                .append("\nRequested by ").append(refund.requestedBy()).append(' ').append(time(refund.requestedAt()))
                .append(": ").append(refund.reason());
        if (refund.decidedBy() != null) {
            text.append("\nDecided by ").append(refund.decidedBy()).append(' ').append(time(refund.decidedAt()))
                    .append(": ").append(refund.decisionNote());
        }
        text.append("\n").append(status(refund.status())).append(": ").append(outcome(refund));
        return text.toString();
    }
}
