package dev.llmg.internal.auth.grouping;

import java.util.List;
import java.util.Map;

import dev.llmg.internal.quota.QuotaLimits;

/**
 * What every level of the grouping may say, from a tenant down to an endpoint: an upstream, a model allowlist,
 * tags, limits and default parameters. Unset ones come from the nearest level above that sets them.
 */
interface LevelSettings {

    /** Returns the level's name, unique among its siblings. */
    String name();

    /** Returns the model or model group its callers are routed to, or null to take the one above. */
    String upstream();

    /** Returns the models its callers may name, or null to take the list above (none above: any). */
    List<String> models();

    /** Returns labels added to its callers' records and usable by routing rules; nearer levels win per label. */
    Map<String, String> tags();

    /** Returns what all its callers together may use; each level's limits count, not only the nearest. */
    QuotaLimits limits();

    /** Returns sampling parameters for its callers' requests that set none; nearer levels win per parameter. */
    DefaultParameters parameters();

    /** Checks a level's name. */
    static String checkedName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is required: the " + what + "'s name");
        }
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("name '" + name + "' must be 1 to 64 letters, digits, dots, "
                                               + "underscores or dashes");
        }
        return name;
    }
}
