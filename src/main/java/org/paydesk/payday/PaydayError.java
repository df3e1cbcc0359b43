package org.paydesk.payday;

import java.time.Instant;

/** One failure in a payday: who, with whom, in which phase, what and when. Stored in payday_error. */
public record PaydayError(long paydayId, Long participantId, String participant, Long counterpartyId,
                          String counterparty, Phase phase, String message, Instant at) {
}
