package dev.llmg.internal.routing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.llmg.internal.config.ConfigBinder;
import dev.llmg.internal.routing.config.Capabilities;
import dev.llmg.internal.routing.config.Prices;

/**
 * What llmg knows about well-known models without being told: context window, output limit, capabilities
 * and list prices, from {@code model-facts.yaml} beside this class (its header names the sources), so that
 * most configurations write none of it.
 */
public final class ModelFacts {

    /**
     * The facts about one model; any part may be unknown.
     *
     * @param contextWindow the most tokens, prompt and answer, it takes
     * @param maxOutputTokens the most tokens it generates in one answer
     * @param capabilities what it can do
     * @param prices what it costs, in dollars per million tokens
     */
    public record Facts(Integer contextWindow, Integer maxOutputTokens, Capabilities capabilities, Prices prices) {

        /** Nothing known. */
        public static final Facts UNKNOWN = new Facts(null, null, Capabilities.UNKNOWN, Prices.UNKNOWN);

        /** Fills in unset parts. */
        public Facts {
            capabilities = capabilities == null ? Capabilities.UNKNOWN : capabilities;
            prices = prices == null ? Prices.UNKNOWN : prices;
        }
    }

    private static final ModelFacts BUILT_IN = load();

    private final Map<String, Facts> byName;

    private ModelFacts(Map<String, Facts> byName) {
        this.byName = byName;
    }

    /** Returns the table shipped with llmg. */
    public static ModelFacts builtIn() {
        return BUILT_IN;
    }

    /**
     * Returns the facts about {@code model}, a provider's name of a model: those of the name itself, or of the
     * longest known name it starts with followed by {@code -} (a dated snapshot), or nothing.
     */
    public Facts of(String model) {
        final Facts exact = byName.get(model);
        if (exact != null) {
            return exact;
        }
        final Optional<String> family = byName.keySet().stream()
                                              .filter(name -> model.startsWith(name + '-'))
                                              .max(Comparator.comparingInt(String::length));
        return family.map(byName::get).orElse(Facts.UNKNOWN);
    }

    private static ModelFacts load() {
        try (InputStream in = ModelFacts.class.getResourceAsStream("model-facts.yaml")) {
            if (in == null) {
                throw new IllegalStateException("model-facts.yaml is missing from the class path");
            }
            final JsonNode models = new ObjectMapper(new YAMLFactory()).readTree(in).path("models");
            final Map<String, Facts> byName = new LinkedHashMap<>();
            models.fields().forEachRemaining(entry -> byName.put(
                    entry.getKey(), ConfigBinder.bind(entry.getValue(), "model-facts.yaml:" + entry.getKey(),
                                                      Facts.class)));
            return new ModelFacts(Map.copyOf(byName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
