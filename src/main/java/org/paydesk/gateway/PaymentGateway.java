package org.paydesk.gateway;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The port to the payment processor (DESIGN §7). Every call carries an idempotency key: calling
 * again with the same key returns the first call's result and moves no money twice.
 */
public interface PaymentGateway {

    /** Charges {@code amount} to the card behind {@code cardToken}. */
    GatewayResult charge(String idempotencyKey, String cardToken, BigDecimal amount);

    /** Credits {@code amount} to the bank account behind {@code bankToken}. */
    GatewayResult payout(String idempotencyKey, String bankToken, BigDecimal amount);

    /** Refunds {@code amount} of an earlier charge to its card. */
    GatewayResult refundCharge(String idempotencyKey, String chargeReference, BigDecimal amount);

    /** What the gateway did with {@code idempotencyKey}, if it ever received it. */
    Optional<GatewayResult> lookup(String idempotencyKey);

    /**
     * How many calls to have in flight at once when a caller would like {@code wanted}: a remote
     * gateway answers after a network wait, during which more calls can be sent, so by default
     * as many as wanted. Asked once, when a payday run starts.
     */
    default int callsInFlight(int wanted) {
        return wanted;
    }
}
