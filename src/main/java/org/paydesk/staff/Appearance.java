package org.paydesk.staff;

/** The desktop client's theme a staff member chose (the GUI maps it onto its stylesheets). */
public enum Appearance {
    LIGHT, DARK
}
