package org.paydesk.db;

/** An entity staff edit, with the version Hibernate checks and increments on every update (@Version). */
public interface Versioned {

    long getVersion();
}
