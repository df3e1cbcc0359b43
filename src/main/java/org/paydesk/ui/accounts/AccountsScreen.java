package org.paydesk.ui.accounts;

import java.util.function.LongFunction;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.StackPane;
import org.paydesk.participants.AccountRow;
import org.paydesk.ui.shell.AccountActions;
import org.paydesk.ui.shell.ScreenView;

/**
 * The Accounts entry of the main window: the list, and in its place the detail of the account
 * opened from it. Back (or Escape) returns to the list where it was left.
 */
public final class AccountsScreen implements ScreenView {

    private final AccountsView list;
    private final LongFunction<AccountDetailViewModel> details;
    private final AccountActions actions;
    private final StackPane root = new StackPane();
    private boolean started;
    private boolean shown;
    private AccountDetailView detail;

    /** {@code details} builds the detail ViewModel of a participant id. */
    public AccountsScreen(AccountsViewModel accounts, LongFunction<AccountDetailViewModel> details,
                          AccountActions actions) {
        this.list = new AccountsView(accounts, this::open);
        this.details = details;
        this.actions = actions;
        root.getStyleClass().add("accounts-screen-root");
        root.getChildren().setAll(list.root());
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE && detail != null) {
                e.consume();
                backToList();
            }
        });
    }

    /** Opens the account of {@code row} in place of the list. */
    public void open(AccountRow row) {
        AccountDetailViewModel viewModel = details.apply(row.id());
        detail = new AccountDetailView(viewModel, actions, this::backToList);
        list.hidden();
        root.getChildren().setAll(detail.root());
        viewModel.load();
        detail.root().requestFocus();
    }

    private void backToList() {
        detail = null;
        root.getChildren().setAll(list.root());
        if (shown) {
            list.shown(false);
        }
        list.focusTable();
    }

    @Override
    public Node root() {
        return root;
    }

    @Override
    public void shown() {
        shown = true;
        if (detail == null) {
            list.shown(!started);
        }
        started = true;
    }

    @Override
    public void hidden() {
        shown = false;
        list.hidden();
    }

    @Override
    public boolean focusSearch() {
        if (detail != null) {
            backToList();
        }
        list.focusSearch();
        return true;
    }
}
