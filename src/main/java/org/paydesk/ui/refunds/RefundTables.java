package org.paydesk.ui.refunds;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import org.paydesk.refunds.RefundService.Refund;
import org.paydesk.refunds.RefundService.Status;

/** The refund tables' columns, shared by the requests and approvals screens, and paging as the user scrolls. */
final class RefundTables {

    private RefundTables() {
    }

    /** The columns a refund table can show. */
    enum Column {
        ID("#", 55), REQUESTED("Requested", 140), PARTICIPANT("Refund to", 130), KIND("Kind", 60), AMOUNT("Amount", 95),
        WHAT("What", 200), REQUESTED_BY("Requested by", 110), REASON("Reason", 190), DECIDED_BY("Decided by", 100),
        STATUS("Status", 90), OUTCOME("Outcome", 330);

        final String title;
        final double width;

        Column(String title, double width) {
            this.title = title;
            this.width = width;
        }
    }

    static void configure(TableView<Refund> table, RefundList list, RefundText text, Column... columns) {
        table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED, "refund-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        for (Column column : columns) {
            TableColumn<Refund, Object> c = new TableColumn<>(column.title);
            c.setPrefWidth(column.width);
            c.setMinWidth(Math.round(column.width * 0.7));
            Function<Refund, Object> value = switch (column) {
                case ID -> Refund::id;
                case REQUESTED -> r -> text.time(r.requestedAt());
                case PARTICIPANT -> Refund::participant;
                case KIND -> r -> RefundText.shortKind(r.kind());
                case AMOUNT -> text::amount;
                case WHAT -> RefundText::what;
                case REQUESTED_BY -> Refund::requestedBy;
                case REASON -> Refund::reason;
                case DECIDED_BY -> r -> r.decidedBy() == null ? "" : r.decidedBy();
                case STATUS -> r -> RefundText.status(r.status());
                case OUTCOME -> text::outcome;
            };
            if (column == Column.AMOUNT) {
                c.getStyleClass().add(Tweaks.ALIGN_RIGHT);
            }
            c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
            table.getColumns().add(c);
        }
        table.setItems(list.rows());
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(Refund refund, boolean empty) {
                super.updateItem(refund, empty);
                getStyleClass().remove("row-failed");
                setTooltip(null);
                if (!empty && refund != null) {
                    if (refund.status() == Status.FAILED) {
                        getStyleClass().add("row-failed");
                    }
                    Tooltip tip = new Tooltip(text.detail(refund));
                    tip.setWrapText(true);
                    tip.setMaxWidth(560);
                    setTooltip(tip);
                }
            }
        });
        // A poll replaces the rows, which clears the table's selection for a moment: that is not the user's doing,
        // so only a row chosen counts, and the list's selection is put back on the fresh rows.
        table.getSelectionModel().selectedItemProperty().addListener((o, old, refund) -> {
            if (refund != null) {
                list.select(refund);
            }
        });
        list.rows().addListener((javafx.collections.ListChangeListener<Refund>) change -> {
            Refund chosen = list.selectedProperty().get();
            if (chosen != null && table.getSelectionModel().getSelectedItem() != chosen) {
                table.getSelectionModel().select(chosen);
            }
        });
        list.selectedProperty().addListener((o, old, refund) -> {
            if (refund != null && table.getSelectionModel().getSelectedItem() != refund) {
                table.getSelectionModel().select(refund);
            }
        });
        table.skinProperty().addListener((o, old, skin) -> {
            if (table.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
                flow.positionProperty().addListener((p, was, now) -> {
                    IndexedCell<?> last = flow.getLastVisibleCell();
                    if (last != null && last.getIndex() >= list.rows().size() - 20) {
                        list.loadNextPage();
                    }
                });
            }
        });
    }
}
