package org.paydesk.ui.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.paydesk.staff.SignInThrottledException;
import org.paydesk.ui.task.CurrentThreadTaskExecutor;

/** The slow-down after failed sign-ins counts down and gives the button back, without a toolkit or a database. */
class SignInCountdownTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-11-24T09:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void countsTheWaitDownAndEnablesSigningInWhenItIsOver() {
        HandClock clock = new HandClock();
        SignInViewModel viewModel = new SignInViewModel((name, password) -> {
            throw new SignInThrottledException(name, Duration.ofMillis(3_500));
        }, new CurrentThreadTaskExecutor(), clock);
        viewModel.usernameProperty().set("sam");
        viewModel.passwordProperty().set("secret");

        viewModel.signIn();

        assertThat(viewModel.waitSecondsProperty().get()).isEqualTo(4);
        assertThat(viewModel.problemProperty().get()).isEqualTo("Too many failed sign-ins for sam: try again in 4 s.");
        viewModel.passwordProperty().set("secret");
        assertThat(viewModel.canSignIn().get()).as("waiting").isFalse();

        clock.advance(Duration.ofSeconds(1));
        viewModel.tick();
        assertThat(viewModel.problemProperty().get()).isEqualTo("Too many failed sign-ins for sam: try again in 3 s.");
        assertThat(viewModel.canSignIn().get()).isFalse();

        clock.advance(Duration.ofMillis(2_600));
        viewModel.tick();
        assertThat(viewModel.waitSecondsProperty().get()).isZero();
        assertThat(viewModel.problemProperty().get()).isEqualTo("You can try again now.");
        assertThat(viewModel.canSignIn().get()).isTrue();
    }
}
