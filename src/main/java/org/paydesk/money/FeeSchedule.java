package org.paydesk.money;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The fee rules of DESIGN §1. A card charge for {@code amount} is
 * {@code roundUpToCent((max(amount, minimumCharge) + chargeFixedFee) * chargeRate)}; a payout of
 * {@code amount} credits {@code amount - payoutFee} to the bank and needs at least {@code minimumPayout}.
 */
public record FeeSchedule(BigDecimal chargeFixedFee, BigDecimal chargeRate, BigDecimal minimumCharge,
                          BigDecimal payoutFee, BigDecimal minimumPayout) {

    /** The most a fixed fee or a minimum may be, so that no charge or payout total can overflow. */
    public static final BigDecimal MAX_FEE_AMOUNT = new BigDecimal("1000.00");
    /** The highest charge rate (a 100 % surcharge). */
    public static final BigDecimal MAX_CHARGE_RATE = new BigDecimal("2");

    public static final FeeSchedule DEFAULT = new FeeSchedule(new BigDecimal("0.30"), new BigDecimal("1.039"),
            new BigDecimal("9.32"), new BigDecimal("0.30"), new BigDecimal("10.00"));

    public FeeSchedule {
        Objects.requireNonNull(chargeFixedFee, "chargeFixedFee");
        Objects.requireNonNull(chargeRate, "chargeRate");
        Objects.requireNonNull(minimumCharge, "minimumCharge");
        Objects.requireNonNull(payoutFee, "payoutFee");
        Objects.requireNonNull(minimumPayout, "minimumPayout");
        requireFeeAmount(chargeFixedFee, "charge fixed fee");
        requireFeeAmount(minimumCharge, "minimum charge");
        requireFeeAmount(payoutFee, "payout fee");
        requireFeeAmount(minimumPayout, "minimum payout");
        if (chargeRate.compareTo(BigDecimal.ONE) < 0 || chargeRate.compareTo(MAX_CHARGE_RATE) > 0) {
            throw new IllegalArgumentException("charge rate must be between 1 and " + MAX_CHARGE_RATE.toPlainString()
                    + ", got " + chargeRate.toPlainString());
        }
        if (minimumPayout.compareTo(payoutFee) <= 0) {
            throw new IllegalArgumentException("minimum payout (" + minimumPayout.toPlainString()
                    + ") must be larger than the payout fee (" + payoutFee.toPlainString() + ")");
        }
        chargeFixedFee = Money.cents(chargeFixedFee);
        minimumCharge = Money.cents(minimumCharge);
        payoutFee = Money.cents(payoutFee);
        minimumPayout = Money.cents(minimumPayout);
    }

    private static void requireFeeAmount(BigDecimal value, String what) {
        if (value.compareTo(MAX_FEE_AMOUNT) > 0) {
            throw new IllegalArgumentException(what + " must be at most " + MAX_FEE_AMOUNT.toPlainString() + ", got "
                    + value.toPlainString());
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException(what + " cannot be negative, got " + value.toPlainString());
        }
    }

    /** What to charge a card so that {@code needed} reaches the balance after fees. */
    public ChargeQuote chargeFor(BigDecimal needed) {
        BigDecimal amount = Money.cents(needed);
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a charge needs a positive amount, got " + amount.toPlainString());
        }
        if (amount.compareTo(minimumCharge) < 0) {
            amount = minimumCharge;
        }
        BigDecimal charge = Money.roundUpToCent(amount.add(chargeFixedFee).multiply(chargeRate));
        return new ChargeQuote(amount, charge, charge.subtract(amount));
    }

    /** The payout of {@code amount}, or {@code null} when it is below the minimum payout. */
    public PayoutQuote payoutFor(BigDecimal amount) {
        BigDecimal cents = Money.cents(amount);
        if (cents.compareTo(minimumPayout) < 0) {
            return null;
        }
        return new PayoutQuote(cents, cents.subtract(payoutFee), payoutFee);
    }

    /** A card charge: {@code amount} reaches the balance, {@code charge} is taken from the card. */
    public record ChargeQuote(BigDecimal amount, BigDecimal charge, BigDecimal fee) {
    }

    /** A payout: {@code amount} leaves the balance, {@code credited} reaches the bank. */
    public record PayoutQuote(BigDecimal amount, BigDecimal credited, BigDecimal fee) {
    }
}
