package org.paydesk.random;

/** One operation of a random sequence. Its {@code toString} says what it does, for the shrunk failing sequence. */
interface Op {

    /** Predicts the outcome with the model, does it through the services, and fails on any difference. */
    void apply(Run run);
}
