package org.paydesk.participants;

import java.util.Set;

/** The gateway tokens the sandbox knows (DESIGN §7), accepted for cards and banks on import. */
public final class Tokens {

    public static final Set<String> CARDS = Set.of("card_ok", "card_declined", "card_error");
    public static final Set<String> BANKS = Set.of("bank_ok", "bank_rejected");

    private Tokens() {
    }
}
