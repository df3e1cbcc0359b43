package org.paydesk.ui.refunds;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.paydesk.refunds.RefundService.Refund;
import org.paydesk.refunds.RefundService.Status;
import org.paydesk.ui.Fxml;
import org.paydesk.ui.shell.ScreenView;
import org.paydesk.ui.refunds.RefundTables.Column;

/** The clerk's refund screen: every refund with its outcome, a status filter and the request form. */
public final class RefundsView implements ScreenView {

    private static final Duration POLL = Duration.seconds(4);

    private final RefundsViewModel viewModel;
    private final Timeline poll;
    private final Parent root;

    @FXML private ComboBox<Status> statusBox;
    @FXML private Label messageLabel;
    @FXML private Button requestButton;
    @FXML private TableView<Refund> table;
    @FXML private Label placeholderLabel;
    @FXML private TextArea detailArea;

    public RefundsView(RefundsViewModel viewModel) {
        this.viewModel = viewModel;
        this.poll = new Timeline(new KeyFrame(POLL, e -> viewModel.list().refresh()));
        poll.setCycleCount(Animation.INDEFINITE);
        this.root = Fxml.load(this);
    }

    @FXML
    private void initialize() {
        RefundTables.configure(table, viewModel.list(), viewModel.text(), Column.ID, Column.REQUESTED, Column.PARTICIPANT,
                Column.KIND, Column.AMOUNT, Column.WHAT, Column.REQUESTED_BY, Column.STATUS, Column.OUTCOME);
        placeholderLabel.textProperty().bind(viewModel.list().placeholderProperty());
        detailArea.textProperty().bind(viewModel.detailProperty());
        messageLabel.textProperty().bind(viewModel.messageProperty());
        statusBox.getItems().add(null);
        statusBox.getItems().addAll(Status.values());
        statusBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(Status status) {
                return status == null ? "All statuses" : RefundText.status(status);
            }

            @Override
            public Status fromString(String text) {
                return null;
            }
        });
        statusBox.valueProperty().bindBidirectional(viewModel.statusFilterProperty());
        requestButton.setVisible(viewModel.canRequest());
        requestButton.setManaged(viewModel.canRequest());
        requestButton.setOnAction(e -> openRequestForm(null));
    }

    /** The clerk's refund screen for {@code caller}, with its request form, wired to the services it uses. */
    public static RefundsView create(org.paydesk.refunds.RefundService refunds,
                                     org.paydesk.participants.ParticipantDirectory directory, org.paydesk.staff.Caller caller,
                                     org.paydesk.ui.task.TaskExecutor executor, RefundText text) {
        return new RefundsView(new RefundsViewModel(refunds, caller, executor, text, () -> new RefundRequestViewModel(refunds,
                new org.paydesk.ui.picker.ParticipantPickerModel(directory, executor), caller, executor, text)));
    }

    /** Opens the request form, with {@code username} already chosen when given (from an account's detail). */
    public void openRequestForm(String username) {
        RefundRequestViewModel form = viewModel.newRequest();
        if (username != null) {
            form.picker().preselect(username);
        }
        RefundRequestView.show(root.getScene() == null ? null : root.getScene().getWindow(), form, viewModel::requested);
    }

    @Override
    public Parent root() {
        return root;
    }

    /** On screen: read the refunds and poll them; a hidden screen costs nothing. */
    @Override
    public void shown() {
        viewModel.list().reload();
        poll.play();
    }

    @Override
    public void hidden() {
        poll.stop();
    }
}
