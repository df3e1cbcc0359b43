package org.paydesk.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paydesk.staff.Appearance;
import org.paydesk.ui.task.CurrentThreadTaskExecutor;
import org.paydesk.ui.task.QueuedTaskExecutor;

/** The theme switch: applied to the windows at once, saved for the staff member in the background. */
class ThemeChoiceTest {

    private final List<Appearance> applied = new ArrayList<>();
    private final List<Appearance> saved = new ArrayList<>();

    @Test
    void switchingAppliesAtOnceAndSavesInTheBackground() {
        QueuedTaskExecutor executor = new QueuedTaskExecutor();
        ThemeChoice theme = new ThemeChoice(Appearance.LIGHT, applied::add, saved::add, executor);

        theme.toggle();

        assertThat(theme.appearanceProperty().get()).isEqualTo(Appearance.DARK);
        assertThat(applied).as("the windows switch before the database answers").containsExactly(Appearance.DARK);
        assertThat(saved).as("saving waits for the background").isEmpty();
        executor.runAll();
        assertThat(saved).containsExactly(Appearance.DARK);
        assertThat(theme.problemProperty().get()).isNull();

        theme.toggle();
        executor.runAll();
        assertThat(applied).containsExactly(Appearance.DARK, Appearance.LIGHT);
        assertThat(saved).containsExactly(Appearance.DARK, Appearance.LIGHT);
    }

    @Test
    void choosingTheThemeAlreadyOnDoesNothing() {
        ThemeChoice theme = new ThemeChoice(Appearance.DARK, applied::add, saved::add, new CurrentThreadTaskExecutor());

        theme.choose(Appearance.DARK);

        assertThat(applied).isEmpty();
        assertThat(saved).isEmpty();
    }

    @Test
    void aFailedSaveKeepsTheNewLookAndSaysItIsNotRemembered() {
        ThemeChoice theme = new ThemeChoice(Appearance.LIGHT, applied::add, chosen -> {
            throw new IllegalStateException("the database is read-only");
        }, new CurrentThreadTaskExecutor());

        theme.choose(Appearance.DARK);

        assertThat(theme.appearanceProperty().get()).isEqualTo(Appearance.DARK);
        assertThat(applied).containsExactly(Appearance.DARK);
        assertThat(theme.problemProperty().get())
                .isEqualTo("The theme is not remembered for next time: the database is read-only");
    }
}
