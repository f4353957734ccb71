package dev.llmg.internal.admin.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.api.gateway.v1.ModelEntry;
import dev.llmg.api.gateway.v1.ProviderEntry;
import dev.llmg.api.gateway.v1.Source;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.ProviderRegistry;
import dev.llmg.internal.routing.LiveRoutingTable;

/**
 * Lists config's and the database's providers and models by name, each with where it comes from; a provider also
 * with whether it can take calls now, from the providers in use. A name both hold is config's (the file wins).
 * Secrets show only as the references they are written as; a secret config writes literally is redacted.
 */
final class CatalogListing {

    private final CatalogOverlay overlay;
    private final LiveRoutingTable live;

    @Inject
    CatalogListing(CatalogOverlay overlay, LiveRoutingTable live) {
        this.overlay = requireNonNull(overlay, "overlay");
        this.live = requireNonNull(live, "live");
    }

    /** Returns every provider by name. */
    Iterable<ProviderEntry> providers() {
        final ProviderRegistry inUse = live.current().providers();
        final Map<String, ProviderEntry> entries = new TreeMap<>();
        for (CatalogEntry entry : overlay.catalog().providers().values()) {
            entries.put(entry.name(), provider(entry.name(), entry.settings(), entry.disabled(),
                                               Source.SOURCE_DATABASE, inUse));
        }
        final JsonNode written = overlay.loaded().tree().path("providers");
        for (Iterator<Map.Entry<String, JsonNode>> it = written.fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isObject()) {
                entries.put(field.getKey(), provider(field.getKey(), (ObjectNode) field.getValue(), false,
                                                     Source.SOURCE_CONFIG, inUse));
            }
        }
        return entries.values();
    }

    /** Returns every model by name. */
    Iterable<ModelEntry> models() {
        final Map<String, ModelEntry> entries = new TreeMap<>();
        for (CatalogEntry entry : overlay.catalog().models().values()) {
            entries.put(entry.name(), model(entry.name(), entry.settings(), entry.disabled(), Source.SOURCE_DATABASE));
        }
        for (JsonNode item : overlay.loaded().tree().path("models")) {
            if (item.isObject() && item.hasNonNull("name")) {
                final ObjectNode settings = ((ObjectNode) item).deepCopy();
                settings.remove("name");
                entries.put(item.get("name").asText(), model(item.get("name").asText(), settings, false,
                                                             Source.SOURCE_CONFIG));
            }
        }
        return entries.values();
    }

    static ModelEntry model(String name, ObjectNode settings, boolean disabled, Source source) {
        return ModelEntry.newBuilder().setName(name).setSettings(StructJson.toStruct(settings)).setDisabled(disabled)
                         .setSource(source).build();
    }

    static ProviderEntry provider(String name, ObjectNode settings, boolean disabled, Source source,
                                  ProviderRegistry inUse) {
        final ProviderEntry.Builder entry = ProviderEntry.newBuilder().setName(name).setDisabled(disabled)
                                                         .setSource(source)
                                                         .setSettings(StructJson.toStruct(
                                                                 SecretFields.redacted(settings)));
        final ConfiguredProvider provider = inUse.get(name).orElse(null);
        if (disabled) {
            entry.setUnavailableReason("disabled");
        } else if (provider == null) {
            entry.setUnavailableReason("not in use: the configuration in use does not hold it");
        } else if (provider.unavailableReason().isPresent()) {
            entry.setUnavailableReason(provider.unavailableReason().get());
        } else {
            entry.setAvailable(true);
        }
        return entry.build();
    }
}
