package dev.llmg.internal.secrets;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it can reach a caller, a log, a record or a span: the configured
 * keys, wherever they appear, and anything shaped like a credential even when no key is known
 * ({@code Bearer ...}, {@code sk-...}, {@code sk-ant-...}, Google's {@code AIza...}, the value after
 * {@code x-api-key:}, {@code api-key=}, {@code "api_key": "..."} or {@code authorization:}, a 32-hex key after
 * {@code api-key}, and {@code key=...} or {@code token=...} query parameters). Each is replaced by
 * {@value #REDACTED}; a name or scheme before it ({@code Bearer }, {@code x-api-key: }) is kept, so the
 * text still says what was there.
 *
 * <p>Keys shorter than {@value #MIN_KEY_LENGTH} characters are not redacted: they are placeholders for local
 * servers that need none (Ollama's {@code "ollama"}, a bare {@code "x"}), and blanking them would garble
 * messages without protecting anything.
 *
 * <p>It runs on error paths and on a few header values, but stays cheap: text that holds no configured key
 * and none of the few words every pattern starts with is returned as it is, after one pass over its
 * characters and no regular expression.
 */
public final class CredentialScrubber {

    /** What stands in for a credential. */
    public static final String REDACTED = "<redacted>";

    /** The shortest configured key that is treated as a secret. */
    public static final int MIN_KEY_LENGTH = 8;

    /** What a cut string ends with. */
    private static final String ELLIPSIS = "...";

    private static final CredentialScrubber PATTERNS_ONLY = new CredentialScrubber(List.of());

    /**
     * What looks like a credential. Every pattern contains one of the words {@link #mayHoldCredential} looks
     * for; a pattern added here needs its word there too. Values shorter than 8 characters are left alone,
     * so that prose such as "Bearer token" or "the api-key: header" survives.
     */
    private static final List<Rule> RULES = List.of(
            // An HTTP auth scheme and its token, anywhere: "Authorization: Bearer sk-...", "(Bearer eyJ...)".
            new Rule("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/-]{8,}=*", "$1"),
            // Basic credentials are base64; asking for a digit, '+', '/' or '=' spares "Basic authentication".
            new Rule("(?i)\\b(basic\\s+)(?=[A-Za-z]*[0-9+/=])[A-Za-z0-9+/]{8,}=*", "$1"),
            // A header, field or parameter named as a credential, then its value: "x-api-key: ...",
            // "api-key=...", "\"api_key\": \"...\"". References to a secret (env:NAME, file:PATH) are no secret.
            new Rule("(?i)\\b((?:x-)?(?:goog-)?api[-_]?key|authorization|access[-_]?token|client[-_]?secret)"
                     + "([\"']?\\s*[:=]\\s*[\"']?)(?!(?:env|file):|\\$\\{)((?:bearer|basic)\\s+)?"
                     + "[^\\s\"'&,;<>(){}\\[\\]]{8,}", "$1$2$3"),
            // Azure's keys are 32 hex digits; after "api-key" they are one whatever separates them.
            new Rule("(?i)\\b(api[-_]?key\\W{1,4})[0-9a-f]{32}\\b", "$1"),
            // Query parameters that carry keys, e.g. Gemini's ?key=AIza...
            new Rule("(?i)(?<![A-Za-z0-9_.-])((?:key|token)=)[^&\\s#\"'<>]{8,}", "$1"),
            // Keys with a well-known prefix, standing alone: OpenAI's (sk-, sk-proj-), Anthropic's (sk-ant-),
            // Google's (AIza). The look-behind spares words that end in "sk-" ("task-1", "disk-0").
            new Rule("(?<![A-Za-z0-9_-])(?:sk-[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{30,})", ""));

    private final List<String> keys;
    private final List<byte[]> keyBytes;
    private final int longestKey;

    private CredentialScrubber(List<String> keys) {
        this.keys = keys;
        keyBytes = keys.stream().map(key -> key.getBytes(StandardCharsets.UTF_8)).toList();
        longestKey = keys.isEmpty() ? 0 : keys.get(0).length();
    }

    /**
     * Returns a scrubber of the given keys (empty and short ones are ignored, see above) and of everything
     * shaped like a credential.
     */
    public static CredentialScrubber forKeys(String... keys) {
        final Set<String> secrets = new LinkedHashSet<>();
        for (String key : keys) {
            requireNonNull(key, "key");
            if (key.length() >= MIN_KEY_LENGTH) {
                secrets.add(key);
                // A key may travel in a URL, e.g. a query parameter, where it is percent-encoded.
                secrets.add(URLEncoder.encode(key, StandardCharsets.UTF_8));
            }
        }
        final List<String> sorted = new ArrayList<>(secrets);
        // Longest first, so that a key containing another is blanked whole rather than in part.
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return sorted.isEmpty() ? PATTERNS_ONLY : new CredentialScrubber(List.copyOf(sorted));
    }

    /** Returns a scrubber that knows no key and blanks only what is shaped like a credential. */
    public static CredentialScrubber patternsOnly() {
        return PATTERNS_ONLY;
    }

    /**
     * Returns the text with this scrubber's keys (only those, not the patterns) replaced by {@value #REDACTED}:
     * for a provider's answers, where a model may well write "Bearer ..." in prose, but the key it was called
     * with must never travel on.
     */
    public String scrubKeys(String text) {
        String scrubbed = text;
        for (String key : keys) {
            if (scrubbed.contains(key)) {
                scrubbed = scrubbed.replace(key, REDACTED);
            }
        }
        return scrubbed;
    }

    /** Returns whether {@code utf8} holds one of this scrubber's keys, without decoding it. */
    public boolean holdsKey(byte[] utf8) {
        for (byte[] key : keyBytes) {
            if (indexOf(utf8, key) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] text, byte[] key) {
        final int last = text.length - key.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (text[i] != key[0]) {
                continue;
            }
            for (int j = 1; j < key.length; j++) {
                if (text[i + j] != key[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Returns the text with every credential in it replaced by {@value #REDACTED}. */
    public String scrub(String text) {
        requireNonNull(text, "text");
        String scrubbed = text;
        for (String key : keys) {
            if (scrubbed.contains(key)) {
                scrubbed = scrubbed.replace(key, REDACTED);
            }
        }
        if (!mayHoldCredential(scrubbed)) {
            return scrubbed;
        }
        for (Rule rule : RULES) {
            scrubbed = rule.apply(scrubbed);
        }
        return scrubbed;
    }

    /**
     * Returns the text scrubbed, then cut to at most {@code maxChars} characters (ending with {@code ...}
     * when cut), for text from outside such as a provider's 1 MB {@code param}.
     */
    public String scrub(String text, int maxChars) {
        if (maxChars < ELLIPSIS.length() + 1) {
            throw new IllegalArgumentException("maxChars must leave room for the ellipsis: " + maxChars);
        }
        // Only the head can be kept, so only the head is scrubbed; the margin keeps whole any credential that
        // starts inside what is kept and ends beyond it, so that no part of it survives the cut.
        final int scanned = maxChars + Math.max(256, longestKey);
        final String head = text.length() > scanned ? text.substring(0, scanned) : text;
        return cut(scrub(head), maxChars);
    }

    /**
     * Returns the throwable itself when nothing in it or its causes holds a credential, or else a copy of the
     * chain whose every description is scrubbed (see {@link ScrubbedException}); for causes that get logged.
     */
    public Throwable scrub(Throwable thrown) {
        if (thrown == null || isClean(thrown, Collections.newSetFromMap(new IdentityHashMap<>()))) {
            return thrown;
        }
        return ScrubbedException.copyOf(thrown, this);
    }

    private boolean isClean(Throwable thrown, Set<Throwable> seen) {
        if (!seen.add(thrown) || seen.size() > ScrubbedException.MAX_DEPTH) {
            return true;
        }
        final String description = thrown.toString(); // what a log prints: the class and the message
        if (!scrub(description).equals(description)) {
            return false;
        }
        for (Throwable suppressed : thrown.getSuppressed()) {
            if (!isClean(suppressed, seen)) {
                return false;
            }
        }
        return thrown.getCause() == null || isClean(thrown.getCause(), seen);
    }

    /**
     * Returns whether the text contains a word one of the {@link #RULES} starts from, ignoring case: one pass
     * over the characters, so that ordinary text never meets a regular expression.
     */
    static boolean mayHoldCredential(String text) {
        for (int i = 0; i < text.length(); i++) {
            switch (Character.toLowerCase(text.charAt(i))) {
                case 'a':
                    if (startsWith(text, i, "authorization") || startsWith(text, i, "aiza")) {
                        return true;
                    }
                    break;
                case 'b':
                    if (startsWith(text, i, "bearer") || startsWith(text, i, "basic")) {
                        return true;
                    }
                    break;
                case 'k':
                    if (startsWith(text, i, "key")) {
                        return true;
                    }
                    break;
                case 's':
                    if (startsWith(text, i, "sk-") || startsWith(text, i, "secret")) {
                        return true;
                    }
                    break;
                case 't':
                    if (startsWith(text, i, "token")) {
                        return true;
                    }
                    break;
                default:
                    break;
            }
        }
        return false;
    }

    private static boolean startsWith(String text, int offset, String word) {
        return text.regionMatches(true, offset, word, 0, word.length());
    }

    private static String cut(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars - ELLIPSIS.length();
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // Never half a character.
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    /** One shape of credential, and what replaces it: the groups to keep (names, schemes), then the mark. */
    private static final class Rule {
        private final Pattern pattern;
        private final String replacement;

        Rule(String regex, String kept) {
            pattern = Pattern.compile(regex);
            replacement = kept + REDACTED;
        }

        String apply(String text) {
            // A group that did not take part (an absent scheme) is replaced by nothing.
            return pattern.matcher(text).replaceAll(replacement);
        }
    }
}
