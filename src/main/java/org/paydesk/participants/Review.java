package org.paydesk.participants;

/** A participant's review state; SUSPICIOUS participants are left out of paydays. */
public enum Review {
    UNREVIEWED, WHITELISTED, SUSPICIOUS
}
