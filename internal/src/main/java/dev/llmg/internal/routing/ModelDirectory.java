package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.inject.Inject;

/**
 * The models callers can ask for, as both model-list APIs (the native {@code ModelsService} and the
 * OpenAI-compatible {@code /v1/models}) show them: from the routing table in use, each with whether it can
 * be used now and why not.
 */
public final class ModelDirectory {

    private final LiveRoutingTable live;

    @Inject
    ModelDirectory(LiveRoutingTable live) {
        this.live = requireNonNull(live, "live");
    }

    /** Returns every model, sorted by name. */
    public List<ModelGroup> byName() {
        return live.current().all();
    }

    /** Returns every model, those that can be used now first, each part sorted by name. */
    public List<ModelGroup> usableFirst() {
        final List<ModelGroup> models = new ArrayList<>(byName());
        models.sort(Comparator.comparing((ModelGroup model) -> !model.available())); // stable: names stay sorted
        return models;
    }

    /** Returns the models {@code shown} keeps whose name sorts after {@code name}, at most {@code limit} of them. */
    public List<ModelGroup> after(String name, int limit, Predicate<ModelGroup> shown) {
        return byName().stream().filter(model -> model.name().compareTo(name) > 0).filter(shown).limit(limit)
                       .collect(Collectors.toList());
    }

    /** Returns the model named {@code name}. */
    public Optional<ModelGroup> find(String name) {
        return live.current().find(name);
    }

    /** Returns why {@code model} cannot be used now, when it cannot: what each of its providers lacks. */
    public static Optional<String> unavailableReason(ModelGroup model) {
        if (model.available()) {
            return Optional.empty();
        }
        return Optional.of(model.targets().stream()
                                .map(target -> target.provider().unavailableReason().orElse("unknown"))
                                .distinct().collect(Collectors.joining("; ")));
    }

    /** Returns whether any of {@code model}'s providers can make embeddings. */
    public static boolean embeddings(ModelGroup model) {
        return model.targets().stream().anyMatch(target -> target.provider().embeddings().isPresent());
    }
}
