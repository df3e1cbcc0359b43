package org.paydesk.ui.admin;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import org.paydesk.staff.Caller;
import org.paydesk.staff.Role;
import org.paydesk.staff.StaffService;
import org.paydesk.staff.StaffService.StaffRow;
import org.paydesk.ui.Fxml;
import org.paydesk.ui.shell.ScreenView;
import org.paydesk.ui.task.TaskExecutor;

/** The staff list and, beside it, what an ADMIN can change about the selected staff member. */
public final class StaffView implements ScreenView {

    private final StaffViewModel viewModel;
    private final Parent root;

    @FXML private Label messageLabel;
    @FXML private Button addButton;
    @FXML private TableView<StaffRow> table;
    @FXML private TableColumn<StaffRow, String> usernameColumn;
    @FXML private TableColumn<StaffRow, String> displayNameColumn;
    @FXML private TableColumn<StaffRow, String> rolesColumn;
    @FXML private TableColumn<StaffRow, String> stateColumn;
    @FXML private Label placeholderLabel;
    @FXML private VBox detailPane;
    @FXML private Label selectedLabel;
    @FXML private Label lockLabel;
    @FXML private CheckBox clerkBox;
    @FXML private CheckBox approverBox;
    @FXML private CheckBox operatorBox;
    @FXML private CheckBox adminBox;
    @FXML private Button saveRolesButton;
    @FXML private Button toggleButton;
    @FXML private PasswordField newPasswordField;
    @FXML private PasswordField repeatedPasswordField;
    @FXML private Label passwordErrorLabel;
    @FXML private Button resetButton;

    public StaffView(StaffViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = Fxml.load(this);
    }

    @FXML
    private void initialize() {
        table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setItems(viewModel.rows());
        placeholderLabel.textProperty().bind(viewModel.placeholderProperty());
        text(usernameColumn, row -> row.username() + (viewModel.isSelf(row) ? " (you)" : ""));
        text(displayNameColumn, StaffRow::displayName);
        text(rolesColumn, row -> StaffViewModel.rolesText(row.roles()));
        text(stateColumn, StaffViewModel::state);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(StaffRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().remove("row-disabled");
                if (!empty && row != null && row.disabled()) {
                    getStyleClass().add("row-disabled");
                }
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, old, row) -> {
            if (row != null) {
                viewModel.select(row);
            }
        });
        viewModel.selectedProperty().addListener((o, old, row) -> {
            if (row != null && table.getSelectionModel().getSelectedItem() != row) {
                table.getSelectionModel().select(row);
                table.scrollTo(row);
            }
            selectedLabel.setText(row == null
                    ? "Select a staff member to change their roles, disable them or reset their password."
                    : row.displayName() + " (" + row.username() + ")");
        });
        messageLabel.textProperty().bind(viewModel.messageProperty());
        lockLabel.textProperty().bind(viewModel.lockReasonProperty());
        lockLabel.visibleProperty().bind(viewModel.lockReasonProperty().isNotEmpty());
        lockLabel.managedProperty().bind(lockLabel.visibleProperty());

        CheckBox[] boxes = {clerkBox, approverBox, operatorBox, adminBox};
        Role[] roles = {Role.CLERK, Role.APPROVER, Role.OPERATOR, Role.ADMIN};
        for (int i = 0; i < boxes.length; i++) {
            boxes[i].selectedProperty().bindBidirectional(viewModel.roleProperty(roles[i]));
            boxes[i].disableProperty().bind(viewModel.selectedProperty().isNull().or(viewModel.busyProperty()));
        }
        adminBox.disableProperty().unbind();
        adminBox.disableProperty().bind(viewModel.adminLockedProperty().or(viewModel.busyProperty()));
        saveRolesButton.disableProperty().bind(viewModel.canSaveRolesProperty().not());
        saveRolesButton.setOnAction(e -> viewModel.saveRoles());
        toggleButton.textProperty().bind(viewModel.toggleTextProperty());
        toggleButton.disableProperty().bind(viewModel.canToggleDisabledProperty().not());
        toggleButton.setOnAction(e -> viewModel.toggleDisabled());
        newPasswordField.textProperty().bindBidirectional(viewModel.newPasswordProperty());
        repeatedPasswordField.textProperty().bindBidirectional(viewModel.repeatedPasswordProperty());
        newPasswordField.disableProperty().bind(viewModel.selectedProperty().isNull());
        repeatedPasswordField.disableProperty().bind(viewModel.selectedProperty().isNull());
        StaffAddView.showError(passwordErrorLabel, viewModel.passwordErrorProperty());
        resetButton.disableProperty().bind(viewModel.canResetProperty().not());
        resetButton.setOnAction(e -> viewModel.resetPassword());
        addButton.setOnAction(e -> openAddForm());
    }

    /** Opens the add form in a dialog. */
    public void openAddForm() {
        StaffAddView.show(root.getScene() == null ? null : root.getScene().getWindow(),
                new StaffAddViewModel(viewModel.directory(), viewModel.executor()), viewModel::added);
    }

    @Override
    public void shown() {
        viewModel.reload();
    }

    /** The staff screen for {@code caller} (an ADMIN). */
    public static StaffView create(StaffService staff, Caller caller,
                                   TaskExecutor executor) {
        return new StaffView(new StaffViewModel(StaffViewModel.Directory.of(staff, caller), caller.staffId(), executor));
    }

    public StaffViewModel viewModel() {
        return viewModel;
    }

    private static void text(TableColumn<StaffRow, String> column, Function<StaffRow, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    @Override
    public Parent root() {
        return root;
    }
}
