package dev.llmg.internal.admin.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.jdbi.v3.core.JdbiException;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigReloader;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Makes one change to the catalog the way config changes are made: the whole configuration with the candidate
 * catalog is prepared by every reloadable concern (so a bad entry is refused with config's own message and nothing
 * changes), then the change is written with its audit row in one transaction, then the prepared state is put in
 * use. Changes run one at a time, so that each starts from the one before.
 */
@Singleton
final class CatalogChanges {

    private final CatalogStore store;
    private final CatalogOverlay overlay;
    private final ConfigReloader reloader;

    @Inject
    CatalogChanges(CatalogStore store, CatalogOverlay overlay, ConfigReloader reloader) {
        this.store = requireNonNull(store, "store");
        this.overlay = requireNonNull(overlay, "overlay");
        this.reloader = requireNonNull(reloader, "reloader");
    }

    /** Adds {@code entry}; its name must be new to both config and the database. */
    synchronized void create(CatalogKind kind, CatalogEntry entry, String actor) {
        checkEntry(kind, entry);
        requireNotInConfig(kind, entry.name());
        final Catalog current = store.read();
        if (current.of(kind).containsKey(entry.name())) {
            throw failedPrecondition(kind.noun() + " '" + entry.name() + "' already exists; update it instead");
        }
        apply(kind, entry.name(), current.with(kind, entry), () -> store.insert(kind, entry, actor));
    }

    /** Replaces the database entry named as {@code entry} is. */
    synchronized void update(CatalogKind kind, CatalogEntry entry, String actor) {
        checkEntry(kind, entry);
        requireNotInConfig(kind, entry.name());
        final Catalog current = existing(kind, entry.name());
        apply(kind, entry.name(), current.with(kind, entry), () -> store.update(kind, entry, actor));
    }

    /** Deletes the database entry {@code name}; a provider only once no database model names it. */
    synchronized void delete(CatalogKind kind, String name, String actor) {
        requireNotInConfig(kind, name);
        final Catalog current = existing(kind, name);
        if (kind == CatalogKind.PROVIDER) {
            final List<String> users = current.models().values().stream()
                                              .filter(model -> CatalogMerge.usesAny(model.settings(), Set.of(name)))
                                              .map(CatalogEntry::name).collect(Collectors.toList());
            if (!users.isEmpty()) {
                throw failedPrecondition("provider '" + name + "' is used by the models " + users
                                         + "; delete them or move them to another provider first");
            }
        }
        apply(kind, name, current.without(kind, name), () -> store.delete(kind, name, actor));
    }

    /**
     * Puts the catalog the database holds now in use, when it is not the one in use already (another replica changed
     * it); returns whether it did. Throws the reload's {@link ConfigException} when the configuration refuses it.
     */
    synchronized boolean adoptStored() {
        final Catalog stored = store.read();
        if (stored.equals(overlay.catalog())) {
            return false;
        }
        reloader.change(overlay, overlay.candidate(stored), () -> overlay.use(stored));
        return true;
    }

    private void apply(CatalogKind kind, String name, Catalog next, LongSupplier write) {
        final CatalogOverlay.CandidateOverlay candidate = overlay.candidate(next);
        try {
            reloader.change(overlay, candidate, () -> {
                if (write.getAsLong() < 0) {
                    throw new GatewayException(ErrorKind.NOT_FOUND, "not_found",
                                               "no " + kind.noun() + " named '" + name + "' in the database");
                }
                overlay.use(next);
            });
        } catch (ConfigException e) {
            throw CatalogRefusals.of(e, kind, name, candidate);
        } catch (JdbiException e) {
            throw new GatewayException(ErrorKind.FAILED_PRECONDITION, "failed_precondition", "",
                                       "the " + kind.noun() + " could not be written (did another replica write '"
                                       + name + "' meanwhile?): " + e.getMessage(), e);
        }
    }

    private Catalog existing(CatalogKind kind, String name) {
        final Catalog current = store.read();
        if (!current.of(kind).containsKey(name)) {
            throw new GatewayException(ErrorKind.NOT_FOUND, "not_found",
                                       "no " + kind.noun() + " named '" + name + "' in the database");
        }
        return current;
    }

    private void requireNotInConfig(CatalogKind kind, String name) {
        final ConfigSection loaded = overlay.loaded();
        final boolean inConfig = kind == CatalogKind.PROVIDER
                                 ? loaded.namedSections("providers").containsKey(name)
                                 : loaded.list("models").stream().anyMatch(m -> name.equals(m.string("name", "")));
        if (inConfig) {
            throw failedPrecondition(kind.noun() + " '" + name + "' comes from the configuration file, which is "
                                     + "read-only through the admin API: change it in the file");
        }
    }

    private static void checkEntry(CatalogKind kind, CatalogEntry entry) {
        final String noun = kind.noun();
        if (entry.name().isBlank()) {
            throw GatewayException.invalidArgument(noun + ".name", noun + ".name is required");
        }
        if (!entry.name().matches("[A-Za-z0-9][A-Za-z0-9._:/@-]{0,254}")) {
            throw GatewayException.invalidArgument(noun + ".name", noun + ".name must be letters, digits and . _ : / "
                                                                  + "@ - (starting with a letter or digit)");
        }
        final ObjectNode settings = entry.settings();
        if (settings.has("name") && !entry.name().equals(settings.get("name").asText())) {
            throw GatewayException.invalidArgument(noun + ".settings.name", noun + ".settings.name, when given, "
                                                                           + "must be " + noun + ".name");
        }
        if (kind == CatalogKind.PROVIDER) {
            SecretFields.requireReferences(settings, "provider.settings");
        }
    }

    private static GatewayException failedPrecondition(String message) {
        return new GatewayException(ErrorKind.FAILED_PRECONDITION, "failed_precondition", message);
    }
}
