package org.paydesk.staff;

/** What a staff member may do (DESIGN §9). */
public enum Role {
    /** View, queue payments, request refunds. */
    CLERK,
    /** Approve or reject refunds. */
    APPROVER,
    /** Launch and cancel the payday. */
    OPERATOR,
    /** Staff and settings. */
    ADMIN
}
