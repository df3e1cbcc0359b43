package org.paydesk.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.paydesk.participants.Review;

/**
 * The demo platform a participant count and a seed describe, computed on demand and always the
 * same for the same inputs: who each participant is, and whom each tipper tips.
 *
 * <p>Most members never tip; tippers give to one to five creators, picked Zipf-like from a
 * popularity ranking, so a few creators receive most tips. Every participant draws from their
 * own random streams, so members and tips can be produced in any order without changing them.
 * Times are fixed (never "now"), so a seed gives identical data whenever it runs; money is in
 * whole cents.
 */
final class DemoPlatform {

    /** When the demo platform opened, and its latest activity. */
    static final Instant LAUNCH = Instant.parse("2023-11-01T00:00:00Z");
    static final Instant LATEST_ACTIVITY = Instant.parse("2026-11-01T00:00:00Z");

    static final int MIN_TIP_CENTS = 25;
    static final int MAX_TIP_CENTS = 2000;
    /** The largest opening balance a member is given. */
    static final long MAX_OPENING_BALANCE_CENTS = 50_000;

    private static final double CREATOR_SHARE = 0.08;
    private static final double UNCLAIMED_SHARE_OF_CREATORS = 0.10;
    private static final double UNCLAIMED_SHARE_OF_OTHERS = 0.05;
    private static final double TIPPER_SHARE_OF_CLAIMED = 0.46;
    private static final double OPENING_BALANCE_SHARE = 0.10;
    private static final double SUSPICIOUS_SHARE = 0.03;
    private static final double WHITELISTED_SHARE_OF_ACTIVE = 0.55;
    private static final double WHITELISTED_SHARE_OF_OTHERS = 0.15;
    private static final double AMOUNT_CHANGE_SHARE = 0.30;
    private static final double CANCELLED_SHARE = 0.17;
    private static final double POPULARITY_EXPONENT = 1.1;

    /** Tip rows per participant that the shares and weights here give. */
    static final double USUAL_TIPS_PER_PARTICIPANT = 2.0;
    /** How many creators a tipper tips: weights for 1, 2, 3, 4 and 5. */
    private static final int[] TIPPEES_PER_TIPPER_WEIGHTS = {15, 20, 25, 20, 20};
    /** Weekly amounts people pick, in cents, and how often; the rest are odd amounts. */
    private static final int[] USUAL_AMOUNTS = {25, 50, 100, 200, 300, 500, 1000, 2000};
    /** Weights of the usual amounts above, then of an odd amount. */
    private static final int[] AMOUNT_WEIGHTS = {8, 10, 22, 12, 8, 12, 5, 2, 21};

    private static final long SECONDS_PER_DAY = 86_400;
    private static final long QUIET_DAYS_BEFORE_LATEST = 7;

    private static final long ROLE = 0x5EED_0001L;
    private static final long DETAILS = 0x5EED_0002L;
    private static final long TIPS = 0x5EED_0003L;
    private static final long SLOTS = 0x5EED_0004L;
    private static final long RANKS = 0x5EED_0005L;

    record Member(int index, String username, String displayName, long createdAt, boolean claimed,
                  Review review, String card, String bank, long openingBalanceCents,
                  boolean creator, boolean tipper) {
    }

    /** One row of tip history; an amount of 0 cancels the pair's tip. */
    record PlannedTip(int tipper, int tippee, long cents, long createdAt) {
    }

    private record Role(boolean creator, boolean claimed, boolean tipper) {
    }

    private final int participants;
    private final long seed;
    private final int usernameGroups;
    private final int[] usernameSlots;
    private final int[] creatorsByPopularity;
    private final ZipfPicker popularity;
    /** How many more (or fewer) creators each tipper tips than the usual platform's 1 to 5. */
    private final double tippeeScale;

    /** The usual platform: about two tip rows per participant. */
    DemoPlatform(int participants, long seed) {
        this(participants, seed, USUAL_TIPS_PER_PARTICIPANT);
    }

    /** A platform with about {@code tipsPerParticipant} tip rows per participant. */
    DemoPlatform(int participants, long seed, double tipsPerParticipant) {
        if (participants < 1) {
            throw new IllegalArgumentException("participants must be at least 1, got " + participants);
        }
        if (!(tipsPerParticipant >= 0 && tipsPerParticipant <= 50)) {
            throw new IllegalArgumentException("tips per participant must be between 0 and 50, got " + tipsPerParticipant);
        }
        this.participants = participants;
        this.seed = seed;
        this.tippeeScale = tipsPerParticipant / USUAL_TIPS_PER_PARTICIPANT;
        this.usernameGroups = Names.groupsFor(participants);
        this.usernameSlots = Arrays.copyOf(
                shuffled(identity(Names.slotCount(usernameGroups)), randomFor(-1, SLOTS)), participants);
        this.creatorsByPopularity = shuffled(creators(), randomFor(-1, RANKS));
        this.popularity = creatorsByPopularity.length == 0 ? null
                : new ZipfPicker(creatorsByPopularity.length, POPULARITY_EXPONENT);
    }

    int participants() {
        return participants;
    }

    Member member(int index) {
        Role role = role(index);
        SplittableRandom random = randomFor(index, DETAILS);
        String username = Names.username(usernameSlots[index], usernameGroups, random);
        String displayName = displayName(role, username, random);
        if (!role.claimed()) {
            return new Member(index, username, displayName, createdAt(index), false, Review.UNREVIEWED,
                    null, null, 0, role.creator(), false);
        }
        return new Member(index, username, displayName, createdAt(index), true, review(role, random),
                card(role, random), bank(role, random), openingBalanceCents(random), role.creator(), role.tipper());
    }

    /** Every participant's index, ordered (almost: numbers aside) by username. */
    int[] indexesInUsernameOrder() {
        int[] participantAtSlot = new int[Names.slotCount(usernameGroups)];
        Arrays.fill(participantAtSlot, -1);
        for (int index = 0; index < participants; index++) {
            participantAtSlot[usernameSlots[index]] = index;
        }
        return Arrays.stream(participantAtSlot).filter(index -> index >= 0).toArray();
    }

    /** The tip history of participant {@code tipper} (empty for most), each pair's rows in time order. */
    List<PlannedTip> tipsOf(int tipper) {
        if (!role(tipper).tipper() || popularity == null) {
            return List.of();
        }
        SplittableRandom random = randomFor(tipper, TIPS);
        List<PlannedTip> tips = new ArrayList<>();
        for (int tippee : tippees(tipper, random)) {
            addPairHistory(tips, tipper, tippee, random);
        }
        return tips;
    }

    // --------------------------------------------------------------- members

    private Role role(int index) {
        SplittableRandom random = randomFor(index, ROLE);
        boolean creator = random.nextDouble() < CREATOR_SHARE;
        double unclaimedShare = creator ? UNCLAIMED_SHARE_OF_CREATORS : UNCLAIMED_SHARE_OF_OTHERS;
        boolean claimed = random.nextDouble() >= unclaimedShare;
        boolean tipper = claimed && random.nextDouble() < TIPPER_SHARE_OF_CLAIMED;
        return new Role(creator, claimed, tipper);
    }

    private static String displayName(Role role, String username, SplittableRandom random) {
        double draw = random.nextDouble();
        if (role.creator()) {
            return draw < 0.5 ? Names.projectName(random) : Names.personName(random);
        }
        if (draw < 0.8) {
            return Names.personName(random);
        }
        return draw < 0.9 ? Names.firstName(random) : Names.fromUsername(username);
    }

    private static Review review(Role role, SplittableRandom random) {
        double draw = random.nextDouble();
        if (draw < SUSPICIOUS_SHARE) {
            return Review.SUSPICIOUS;
        }
        double whitelisted = role.creator() || role.tipper() ? WHITELISTED_SHARE_OF_ACTIVE : WHITELISTED_SHARE_OF_OTHERS;
        return draw < SUSPICIOUS_SHARE + whitelisted ? Review.WHITELISTED : Review.UNREVIEWED;
    }

    private static String card(Role role, SplittableRandom random) {
        double draw = random.nextDouble();
        if (!role.tipper()) {
            return draw < 0.08 ? "card_ok" : null;
        }
        if (draw < 0.78) {
            return "card_ok";
        }
        if (draw < 0.86) {
            return "card_declined";
        }
        return draw < 0.89 ? "card_error" : null;
    }

    private static String bank(Role role, SplittableRandom random) {
        double draw = random.nextDouble();
        if (!role.creator()) {
            return draw < 0.01 ? "bank_ok" : null;
        }
        if (draw < 0.80) {
            return "bank_ok";
        }
        return draw < 0.87 ? "bank_rejected" : null;
    }

    /** Mostly a few dollars, sometimes tens, rarely hundreds; 0 for no opening balance. */
    private static long openingBalanceCents(SplittableRandom random) {
        if (random.nextDouble() >= OPENING_BALANCE_SHARE) {
            return 0;
        }
        double size = random.nextDouble();
        if (size < 0.70) {
            return random.nextLong(100, 2_501);
        }
        return size < 0.95 ? random.nextLong(2_500, 10_001) : random.nextLong(10_000, MAX_OPENING_BALANCE_CENTS + 1);
    }

    /** Signups grow over time: the later half of the members joined in the last quarter of the span. */
    long createdAt(int index) {
        long start = LAUNCH.getEpochSecond();
        long span = LATEST_ACTIVITY.getEpochSecond() - QUIET_DAYS_BEFORE_LATEST * SECONDS_PER_DAY - start;
        double position = (index + 0.5) / participants;
        return start + (long) (span * Math.sqrt(position));
    }

    // ------------------------------------------------------------------ tips

    private int[] tippees(int tipper, SplittableRandom random) {
        int others = creatorsByPopularity.length - (role(tipper).creator() ? 1 : 0);
        int wanted = Math.min(scaled(1 + weightedIndex(TIPPEES_PER_TIPPER_WEIGHTS, random), random), others);
        int[] chosen = new int[Math.max(wanted, 0)];
        int found = 0;
        for (int attempt = 0; found < wanted && attempt < 50 * wanted; attempt++) {
            int candidate = creatorsByPopularity[popularity.pick(random)];
            if (candidate != tipper && !contains(chosen, found, candidate)) {
                chosen[found++] = candidate;
            }
        }
        return found == chosen.length ? chosen : Arrays.copyOf(chosen, found);
    }

    /** {@code usual} times the scale, rounded up or down at random so the average comes out right. */
    private int scaled(int usual, SplittableRandom random) {
        if (tippeeScale == 1.0) {
            return usual;
        }
        double exact = usual * tippeeScale;
        int whole = (int) exact;
        return whole + (random.nextDouble() < exact - whole ? 1 : 0);
    }

    /** The first tip, perhaps a later change of amount, perhaps a final cancellation. */
    private void addPairHistory(List<PlannedTip> tips, int tipper, int tippee, SplittableRandom random) {
        long latest = LATEST_ACTIVITY.getEpochSecond();
        long earliest = Math.max(createdAt(tipper), createdAt(tippee)) + 3_600;
        long at = between(earliest, latest - SECONDS_PER_DAY, random);
        long cents = tipCents(random);
        tips.add(new PlannedTip(tipper, tippee, cents, at));
        if (random.nextDouble() < AMOUNT_CHANGE_SHARE) {
            at = between(at + 1, latest, random);
            cents = otherThan(cents, random);
            tips.add(new PlannedTip(tipper, tippee, cents, at));
        }
        if (random.nextDouble() < CANCELLED_SHARE) {
            tips.add(new PlannedTip(tipper, tippee, 0, between(at + 1, latest, random)));
        }
    }

    private static long tipCents(SplittableRandom random) {
        int choice = weightedIndex(AMOUNT_WEIGHTS, random);
        if (choice < USUAL_AMOUNTS.length) {
            return USUAL_AMOUNTS[choice];
        }
        boolean small = random.nextDouble() < 0.8;
        return random.nextLong(MIN_TIP_CENTS, (small ? 500 : MAX_TIP_CENTS) + 1);
    }

    private static long otherThan(long cents, SplittableRandom random) {
        long other = tipCents(random);
        return other != cents ? other : (cents == MAX_TIP_CENTS ? cents / 2 : cents * 2);
    }

    // --------------------------------------------------------------- helpers

    private int[] creators() {
        int[] found = new int[participants];
        int count = 0;
        for (int index = 0; index < participants; index++) {
            if (role(index).creator()) {
                found[count++] = index;
            }
        }
        return Arrays.copyOf(found, count);
    }

    /** A random stream of its own for each (participant, purpose); -1 stands for the platform. */
    private SplittableRandom randomFor(int index, long purpose) {
        return new SplittableRandom(mix(mix(seed ^ purpose) + index));
    }

    /** The SplitMix64 finaliser: nearby inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long between(long from, long to, SplittableRandom random) {
        return to <= from ? from : random.nextLong(from, to + 1);
    }

    private static int weightedIndex(int[] weights, SplittableRandom random) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int draw = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            draw -= weights[i];
            if (draw < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable: weights sum to " + total);
    }

    private static boolean contains(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    private static int[] identity(int size) {
        int[] values = new int[size];
        for (int i = 0; i < size; i++) {
            values[i] = i;
        }
        return values;
    }

    private static int[] shuffled(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
        return values;
    }
}
