package org.paydesk.db;

/** A row changed since the caller read it (optimistic locking); nothing was written. */
public class ConcurrentEditException extends RuntimeException {

    public ConcurrentEditException(String what) {
        super(what + " was changed by someone else in the meantime; reload it and try again");
    }
}
