package org.paydesk.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.paydesk.money.Money;
import org.paydesk.demo.DemoPlatform.Member;
import org.paydesk.demo.DemoPlatform.PlannedTip;

/** The demo model on its own, without a database: uniqueness, determinism and the shape of tips. */
class DemoPlatformTest {

    @Test
    void usernamesAreUniqueEvenWhenPairsOfWordsRepeat() {
        DemoPlatform platform = new DemoPlatform(120_000, 7);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < platform.participants(); i++) {
            String username = platform.member(i).username();
            assertThat(username).matches("[a-z]+-[a-z]+-\\d+").hasSizeLessThanOrEqualTo(64);
            assertThat(seen.add(username)).as("duplicate %s", username).isTrue();
        }
    }

    @Test
    void theSameSeedDescribesTheSamePlatformAndAnotherSeedAnotherOne() {
        assertThat(describe(new DemoPlatform(500, 11))).isEqualTo(describe(new DemoPlatform(500, 11)));
        assertThat(describe(new DemoPlatform(500, 11))).isNotEqualTo(describe(new DemoPlatform(500, 12)));
    }

    @Test
    void participantsInUsernameOrderAreEveryParticipantOnce() {
        DemoPlatform platform = new DemoPlatform(3_000, 5);
        int[] order = platform.indexesInUsernameOrder();
        assertThat(order).hasSize(3_000);
        assertThat(new HashSet<>(Arrays.stream(order).boxed().toList())).hasSize(3_000);
        List<String> names = Arrays.stream(order).mapToObj(i -> platform.member(i).username()).toList();
        List<String> wordsOnly = names.stream().map(n -> n.substring(0, n.lastIndexOf('-'))).toList();
        assertThat(wordsOnly).isSorted();
    }

    @Test
    void tipsAreWeeklyAmountsFromTipperToAnotherClaimedOrUnclaimedCreatorInTimeOrder() {
        DemoPlatform platform = new DemoPlatform(5_000, 3);
        int cancelled = 0;
        for (int i = 0; i < platform.participants(); i++) {
            Member member = platform.member(i);
            List<PlannedTip> tips = platform.tipsOf(i);
            if (!member.tipper()) {
                assertThat(tips).isEmpty();
                continue;
            }
            for (int row = 0; row < tips.size(); row++) {
                PlannedTip tip = tips.get(row);
                assertThat(tip.tippee()).isNotEqualTo(i);
                assertThat(platform.member(tip.tippee()).creator()).isTrue();
                assertThat(tip.createdAt()).isGreaterThan(Math.max(member.createdAt(),
                        platform.member(tip.tippee()).createdAt()));
                if (tip.cents() == 0) {
                    cancelled++;
                } else {
                    assertThat(tip.cents()).isBetween((long) DemoPlatform.MIN_TIP_CENTS, (long) DemoPlatform.MAX_TIP_CENTS);
                }
                if (row > 0 && tips.get(row - 1).tippee() == tip.tippee()) {
                    assertThat(tip.createdAt()).isGreaterThan(tips.get(row - 1).createdAt());
                }
            }
        }
        assertThat(cancelled).isPositive();
    }

    @Test
    void aPlatformNeedsAtLeastOneParticipant() {
        assertThatThrownBy(() -> new DemoPlatform(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    private static List<String> describe(DemoPlatform platform) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < platform.participants(); i++) {
            lines.add(platform.member(i).toString());
            platform.tipsOf(i).forEach(tip -> lines.add(tip.toString()));
        }
        return lines;
    }

    @org.junit.jupiter.api.Test
    void theTipsPerParticipantFigureScalesTheTipHistory() {
        int n = 20_000;
        for (double wanted : new double[] {0.0, 2.0, 6.0}) {
            DemoPlatform platform = new DemoPlatform(n, 7, wanted);
            long rows = 0;
            for (int i = 0; i < n; i++) {
                rows += platform.tipsOf(i).size();
            }
            org.assertj.core.api.Assertions.assertThat(rows / (double) n).as("tips per participant for " + wanted)
                    .isCloseTo(wanted, org.assertj.core.api.Assertions.within(wanted * 0.15 + 0.01));
        }
    }

    /** Issue 7 §4: what the demo generates stays within the bounds on amounts entering the platform. */
    @Test
    void openingBalancesAndTipsStayWithinTheBoundsOnAmounts() {
        DemoPlatform platform = new DemoPlatform(20_000, 9);
        long largestBalance = 0;
        long largestTip = 0;
        for (int i = 0; i < platform.participants(); i++) {
            largestBalance = Math.max(largestBalance, platform.member(i).openingBalanceCents());
            for (PlannedTip tip : platform.tipsOf(i)) {
                largestTip = Math.max(largestTip, tip.cents());
            }
        }
        assertThat(largestBalance).isPositive().isLessThanOrEqualTo(DemoPlatform.MAX_OPENING_BALANCE_CENTS);
        assertThat(largestTip).isPositive().isLessThanOrEqualTo(DemoPlatform.MAX_TIP_CENTS);
        assertThat(cents(DemoPlatform.MAX_OPENING_BALANCE_CENTS)).isLessThanOrEqualTo(Money.MAX_ENTRY);
        assertThat(cents(DemoPlatform.MAX_TIP_CENTS)).isLessThanOrEqualTo(Money.MAX_TIP);
        assertThat(cents(DemoPlatform.MAX_OPENING_BALANCE_CENTS).multiply(BigDecimal.valueOf(DemoGenerator.MAX_PARTICIPANTS)))
                .as("the largest demo platform, every member at the largest balance")
                .isLessThanOrEqualTo(Money.MAX_PLATFORM_TOTAL);
    }

    private static BigDecimal cents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
