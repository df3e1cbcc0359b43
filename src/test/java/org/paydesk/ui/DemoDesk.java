package org.paydesk.ui;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import org.paydesk.app.Paydesk;
import org.paydesk.demo.DemoGenerator;
import org.paydesk.payday.PaydayListener;
import org.paydesk.payday.PaydayRunner;
import org.paydesk.queue.PaymentKind;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.testing.Fixtures;

/**
 * Demo data for the screen tests and screenshots: a small demo platform, a few known participants
 * (alice tips bob 4.00 a week and carol has a balance), one payday, and a queue and refunds with
 * something of every kind in them: done, failed, clamped, waiting, executed, rejected.
 */
public final class DemoDesk {

    public final Paydesk paydesk;
    public final Caller cleo;
    public final Caller april;
    public final Caller arno;
    public final long payday;

    public DemoDesk(Paydesk paydesk) {
        this.paydesk = paydesk;
        paydesk.demo().generate(300, 7, DemoGenerator.Progress.NONE);
        Fixtures.importJson(paydesk, """
                {"participants": [
                  {"username": "alice", "display_name": "Alice Liddell", "review": "WHITELISTED", "card": "card_ok", "balance": "10.00"},
                  {"username": "ann", "display_name": "Ann Other", "review": "WHITELISTED", "card": "card_ok", "balance": "10.00"},
                  {"username": "bob", "display_name": "Bob Builder", "review": "WHITELISTED", "bank": "bank_ok"},
                  {"username": "carol", "display_name": "Carol Danvers", "review": "WHITELISTED", "balance": "40.00"},
                  {"username": "dora", "balance": "3.00"}],
                 "tips": [{"tipper": "alice", "tippee": "bob", "amount": "4.00"},
                          {"tipper": "ann", "tippee": "bob", "amount": "2.50"}]}""");
        Caller admin = paydesk.staff().createFirstAdmin("ada", "Ada Admin", "ada long password".toCharArray());
        cleo = add(admin, "cleo", "Cleo Clerk", EnumSet.of(Role.CLERK));
        april = add(admin, "april", "April Approver", EnumSet.of(Role.APPROVER, Role.CLERK));
        arno = add(admin, "arno", "Arno Approver", EnumSet.of(Role.APPROVER));
        payday = paydesk.payday().run(PaydayRunner.Options.of(paydesk.systemCaller(), "here", false), PaydayListener.NONE,
                () -> false).id();

        var queue = paydesk.queue();
        queue.add(cleo, PaymentKind.PAYMENT_IN, "carol", new BigDecimal("120.00"), "cheque received by post", "CHQ-20931");
        queue.add(cleo, PaymentKind.DEBIT, "dora", new BigDecimal("2.00"), "card fee charged twice", null);
        queue.add(cleo, PaymentKind.DEBIT, "dora", new BigDecimal("2.50"), "monthly statement fee", null);
        queue.add(cleo, PaymentKind.CHARGEBACK, "ann", new BigDecimal("25.00"), "issuer dispute 88-1204", "CB-881204");
        queue.add(cleo, PaymentKind.CREDIT, "carol", new BigDecimal("5.00"), "goodwill after a support ticket", null);
        queue.processQueued(cleo);

        var refunds = paydesk.refunds();
        long rejected = refunds.requestFullRefund(cleo, "carol", "asked to close the account");
        refunds.reject(arno, rejected, "she has pledges running; asked her to cancel them first", 0);
        long executed = refunds.requestTipRefund(cleo, "ann", "bob", List.of(payday), "pledged to the wrong creator");
        refunds.approve(april, executed, "matches the support ticket", refunds.get(executed).version());
        queue.processQueued(cleo);
        refunds.requestFullRefund(april, "dora", "member moving abroad");
    }

    private Caller add(Caller admin, String name, String display, EnumSet<Role> roles) {
        paydesk.staff().add(admin, name, display, roles, (name + " long password").toCharArray());
        return paydesk.staff().signIn(name, (name + " long password").toCharArray());
    }
}
