package dev.llmg.internal.admin.catalog;

/** Tells providers from models where both are handled alike: their table, audit actions and request field. */
public enum CatalogKind {
    /** A provider: {@code providers.<name>} in config. */
    PROVIDER("admin_providers", "provider"),
    /** A model: an item of {@code models} in config. */
    MODEL("admin_models", "model");

    private final String table;
    private final String noun;

    CatalogKind(String table, String noun) {
        this.table = table;
        this.noun = noun;
    }

    /** Returns the table its entries are kept in. */
    String table() {
        return table;
    }

    /** Returns its name in audit actions ({@code provider.create}), messages and request fields. */
    public String noun() {
        return noun;
    }
}
