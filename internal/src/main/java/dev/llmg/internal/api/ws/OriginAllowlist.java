package dev.llmg.internal.api.ws;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.llmg.internal.config.ConfigException;

/**
 * Says which browser origins may open a WebSocket: exact origins ({@code https://app.example.com}), origins
 * on any port ({@code http://localhost:*}, which also allows the scheme's default port), or {@code *} for
 * any origin.
 *
 * <p>Browsers send the page's origin on every WebSocket upgrade and let any page open a socket to any host,
 * so without this check any website a user visits could use a gateway on their machine or network.
 */
public final class OriginAllowlist implements Predicate<String> {

    private static final Pattern ENTRY =
            Pattern.compile("(https?://(?:[a-z0-9.-]+|\\[[0-9a-f:.]+\\]))(?::(\\d{1,5}|\\*))?");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private final List<String> entries;
    private final boolean any;
    private final Set<String> exact = new HashSet<>();
    private final List<String> anyPort = new ArrayList<>();

    private OriginAllowlist(List<String> entries) {
        this.entries = List.copyOf(entries);
        boolean any = false;
        for (String entry : this.entries) {
            if (entry.equals("*")) {
                any = true;
            } else if (entry.endsWith(":*")) {
                anyPort.add(entry.substring(0, entry.length() - 2));
            } else {
                exact.add(entry);
            }
        }
        this.any = any;
    }

    /** Checks and parses the configured entries; {@code path} names the config key in error messages. */
    static OriginAllowlist of(List<String> entries, String path) {
        final List<String> normalized = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            final String entry = entries.get(i).trim().toLowerCase(Locale.ROOT);
            final Matcher m = ENTRY.matcher(entry);
            if (!entry.equals("*") && !m.matches()) {
                throw new ConfigException(path + '[' + i + ']', "must be an origin such as https://app.example.com "
                        + "or http://localhost:* (scheme, host, optional port or *, no path), or *; not '"
                        + entries.get(i) + '\'');
            }
            normalized.add(entry);
        }
        return new OriginAllowlist(normalized);
    }

    /** Returns whether every origin is allowed (and so a missing Origin header too). */
    public boolean allowsAny() {
        return any;
    }

    /** Returns the entries as configured, lower-cased. */
    List<String> entries() {
        return entries;
    }

    /** Returns whether a browser page of {@code origin} may open a socket. */
    @Override
    public boolean test(String origin) {
        final String candidate = origin.toLowerCase(Locale.ROOT);
        if (any || exact.contains(candidate)) {
            return true;
        }
        for (String prefix : anyPort) {
            if (candidate.equals(prefix) || (candidate.startsWith(prefix + ':')
                    && PORT.matcher(candidate.substring(prefix.length() + 1)).matches())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
