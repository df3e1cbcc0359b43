package org.paydesk.ui.task;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paydesk.staff.SignInException;
import org.paydesk.ui.signin.SignInViewModel;
import org.slf4j.LoggerFactory;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The log keeps stack traces for faults only: a person's mistake (a wrong password) is one INFO
 * line without a stack trace, through the real executor and the sign-in form as the app wires them.
 */
class FailureLoggingTest {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger paydesk = (Logger) LoggerFactory.getLogger("org.paydesk");
    private final FxTaskExecutor executor = new FxTaskExecutor();

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void listen() {
        log.start();
        paydesk.addAppender(log);
    }

    @AfterEach
    void stop() {
        paydesk.detachAppender(log);
        executor.shutdown();
    }

    @Test
    void aWrongPasswordIsOneInfoLineWithoutAStackTrace() throws Exception {
        SignInViewModel form = new SignInViewModel((name, password) -> {
            throw new SignInException("wrong username or password");
        }, executor, Clock.systemUTC());

        signIn(form);

        assertThat(form.problemProperty().get()).isEqualTo("wrong username or password");
        List<ILoggingEvent> lines = atInfoOrAbove();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).getLevel()).isEqualTo(Level.INFO);
        assertThat(lines.get(0).getFormattedMessage()).isEqualTo("Refused: wrong username or password");
        assertThat(lines.get(0).getThrowableProxy()).isNull();
    }

    @Test
    void aFaultKeepsItsStackTraceOnce() throws Exception {
        SignInViewModel form = new SignInViewModel((name, password) -> {
            throw new NullPointerException("a bug");
        }, executor, Clock.systemUTC());

        signIn(form);

        assertThat(form.problemProperty().get()).startsWith("Unexpected error (NullPointerException)");
        List<ILoggingEvent> lines = atInfoOrAbove();
        assertThat(lines).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
        assertThat(lines.stream().filter(line -> line.getThrowableProxy() != null))
                .as("one stack trace, where the failure landed").hasSize(1)
                .allSatisfy(line -> assertThat(line.getThrowableProxy().getMessage()).isEqualTo("a bug"));
    }

    @Test
    void aRefusedFormValueIsAMistakeToo() {
        FxTaskExecutor.logFailure(new IllegalArgumentException("the amount must be positive"));
        org.paydesk.ui.ErrorText.explain(new IllegalArgumentException("the amount must be positive"));

        assertThat(atInfoOrAbove()).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getThrowableProxy()).isNull();
        });
    }

    private void signIn(SignInViewModel form) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            form.usernameProperty().set("cleo");
            form.passwordProperty().set("not her password");
            form.signIn();
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> form.problemProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<ILoggingEvent> atInfoOrAbove() {
        return log.list.stream().filter(line -> line.getLevel().isGreaterOrEqual(Level.INFO)).toList();
    }
}
