package dev.llmg.internal.config;

/**
 * A concern whose configuration may change while llmg runs (the providers, models and routing), reloaded in
 * two steps so that a bad file changes nothing: every concern first prepares its new state from the new
 * configuration (and refuses it by throwing {@link ConfigException}), and only when all have prepared, each
 * puts its state in use.
 */
public interface Reloadable {

    /** A prepared change, ready to be put in use, or dropped when another concern refused the configuration. */
    interface Change {
        /** Puts the prepared state in use. */
        void apply();

        /** Drops the prepared state (closing whatever it opened), because the reload was refused. */
        void discard();
    }

    /** Prepares this concern's state from {@code root}; throws {@link ConfigException} naming the key when bad. */
    Change prepare(ConfigSection root);
}
