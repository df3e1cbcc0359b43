package org.paydesk.ui.accounts;

import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.paydesk.ui.Theme;
import org.paydesk.ui.shell.AccountActions;
import org.paydesk.ui.shell.Dialogs;

/** An account's detail in a window of its own, for screens other than Accounts (the payday's error list). */
public final class AccountWindow {

    private AccountWindow() {
    }

    /** Opens the detail of {@code viewModel}'s participant over {@code owner}; Escape or Back closes it. */
    public static void open(Window owner, AccountDetailViewModel viewModel, AccountActions actions) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("Paydesk: account");
        AccountDetailView view = new AccountDetailView(viewModel, actions, stage::close);
        Scene scene = new Scene(view.root(), 980, 680);
        Theme.apply(scene);
        stage.setScene(scene);
        Dialogs.closeOnEscape(stage);
        Dialogs.centreOnOwner(stage);
        stage.show();
        viewModel.load();
    }
}
