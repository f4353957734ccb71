package dev.llmg.internal.auth;

import java.util.LinkedHashSet;
import java.util.Optional;

import dev.llmg.internal.auth.grouping.Endpoint;
import dev.llmg.internal.call.Caller;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Decides which model a caller's request goes to and whether it may: a request that names no model goes to the
 * upstream of the caller's endpoint (the nearest level's), and a model outside the endpoint's allowlist is
 * PERMISSION_DENIED, naming the models it may use. Callers of no endpoint (admins, keyless mode) may use any.
 */
public final class ModelAccess {

    private ModelAccess() {}

    /**
     * Returns the model {@code caller}'s request for {@code requested} (empty: none named) goes to; throws a
     * PERMISSION_DENIED {@link GatewayException} when the caller may not use it.
     */
    public static String modelFor(Caller caller, String requested) {
        final Optional<Endpoint> endpoint = caller.endpoint();
        if (endpoint.isEmpty()) {
            return requested;
        }
        final String model = endpoint.get().modelFor(requested);
        if (model == null) {
            return requested; // neither the request nor the grouping names one: the request's checks say so
        }
        if (!endpoint.get().allows(model)) {
            throw new GatewayException(ErrorKind.PERMISSION_DENIED, "model_not_allowed", "model", "the key's "
                    + "endpoint (" + endpoint.get().path() + ") may not use model '" + printable(model)
                    + "'; it may use: " + String.join(", ", allowed(endpoint.get())), null);
        }
        return model;
    }

    /** Returns whether {@code caller} may use {@code model}, e.g. to list it. */
    public static boolean mayUse(Caller caller, String model) {
        return caller.endpoint().map(endpoint -> endpoint.allows(model)).orElse(true);
    }

    private static Iterable<String> allowed(Endpoint endpoint) {
        final LinkedHashSet<String> models = new LinkedHashSet<>();
        if (endpoint.upstream() != null) {
            models.add(endpoint.upstream());
        }
        models.addAll(endpoint.models());
        return models;
    }

    private static String printable(String model) {
        final String cut = model.length() > 100 ? model.substring(0, 100) + "..." : model;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
