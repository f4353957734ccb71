package dev.llmg.internal.admin;

/** How deep a level of the grouping sits, which fixes what it may contain and what may contain it. */
public enum LevelDepth {
    /** The top of a path: {@code acme}. */
    TENANT,
    /** Inside a tenant: {@code acme/search}. */
    TEAM,
    /** Inside a team or a group: {@code acme/search/backend[/...]}. */
    GROUP,
    /** Inside a group, what keys belong to: {@code acme/search/backend/indexer}. */
    ENDPOINT;

    /** Returns how the database spells it. */
    public String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Returns the depth the database spells {@code column}. */
    public static LevelDepth ofColumn(String column) {
        return valueOf(column.toUpperCase(java.util.Locale.ROOT));
    }

    /** Returns whether a level of this depth may sit directly inside one of {@code parent} (null: at the top). */
    public boolean fitsUnder(LevelDepth parent) {
        switch (this) {
            case TENANT:
                return parent == null;
            case TEAM:
                return parent == TENANT;
            case GROUP:
                return parent == TEAM || parent == GROUP;
            default:
                return parent == GROUP;
        }
    }
}
