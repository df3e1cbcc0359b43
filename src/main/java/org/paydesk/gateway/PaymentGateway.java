package org.paydesk.gateway;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * One call of a batch: what {@link #charge}, {@link #payout} or {@link #refundCharge} would be
     * asked ({@code token} is the card or bank token, or the reference of the charge refunded).
     */
    record Call(ExchangeKind kind, String idempotencyKey, String token, BigDecimal amount) {
    }

    /**
     * The gateway's answer to one call of a batch: its result; or none, because the call timed out
     * (it may or may not have been processed: ask with {@link #lookup}) or failed with {@code error}
     * before an answer (nor is it known whether it was processed).
     */
    record Answer(GatewayResult result, boolean timedOut, String error) {

        public static Answer of(GatewayResult result) {
            return new Answer(result, false, null);
        }

        public static Answer timeout() {
            return new Answer(null, true, null);
        }

        public static Answer failed(String error) {
            return new Answer(null, false, error);
        }
    }

    /**
     * How many calls {@link #sendAll} takes at once. 1, the default, sends every call on its own;
     * a gateway that takes a batch in one request says how large.
     */
    default int callsPerBatch() {
        return 1;
    }

    /**
     * Sends {@code calls} and answers each, in their order. A call that times out or fails answers
     * so without affecting the others. By default one call after the other; a gateway that takes
     * batches sends them together.
     */
    default List<Answer> sendAll(List<Call> calls) {
        List<Answer> answers = new ArrayList<>(calls.size());
        for (Call call : calls) {
            answers.add(send(call));
        }
        return answers;
    }

    /** Sends one call, as {@link #sendAll} does each. */
    default Answer send(Call call) {
        try {
            return Answer.of(switch (call.kind()) {
                case CHARGE -> charge(call.idempotencyKey(), call.token(), call.amount());
                case PAYOUT -> payout(call.idempotencyKey(), call.token(), call.amount());
                case CARD_REFUND -> refundCharge(call.idempotencyKey(), call.token(), call.amount());
            });
        } catch (GatewayTimeoutException e) {
            return Answer.timeout();
        } catch (RuntimeException e) {
            return Answer.failed(e.getMessage());
        }
    }
}
