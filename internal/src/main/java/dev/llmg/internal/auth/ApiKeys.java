package dev.llmg.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The keys llmg issues to callers: {@value #PREFIX} and 43 characters of base64url (256 random bits), shown once
 * and stored only as their SHA-256 ({@value #HASH_PREFIX} and 64 hex digits).
 *
 * <p>A fast hash is right here, unlike for passwords: a key has 256 bits of randomness, so no guess can be
 * checked against a stolen hash in any useful time, and the lookup of every call can afford one SHA-256
 * (about a microsecond) but not a deliberately slow function. The recognisable prefix lets secret scanners find
 * leaked keys, and lets llmg tell a mistyped key from one of another service's.
 */
public final class ApiKeys {

    /** What every key llmg issues starts with. */
    public static final String PREFIX = "llmg-";

    /** What every stored hash starts with, naming its function so that another can follow. */
    public static final String HASH_PREFIX = "sha256:";

    private static final int RANDOM_BYTES = 32;
    private static final int KEY_LENGTH = PREFIX.length() + 43;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private ApiKeys() {}

    /** Returns a new key; show it once, store {@link #hash} of it. */
    public static String generate() {
        final byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Returns the stored form of {@code key}: {@value #HASH_PREFIX} and the hex SHA-256 of its UTF-8 bytes. */
    public static String hash(String key) {
        try {
            return HASH_PREFIX + HEX.formatHex(MessageDigest.getInstance("SHA-256")
                                                            .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Returns whether {@code text} is a stored hash: the prefix and 64 lower-case hex digits. */
    public static boolean isHash(String text) {
        if (text.length() != HASH_PREFIX.length() + 64 || !text.startsWith(HASH_PREFIX)) {
            return false;
        }
        for (int i = HASH_PREFIX.length(); i < text.length(); i++) {
            final char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Returns whether {@code key} has the shape of a key llmg issues (it may still be unknown or revoked). */
    public static boolean looksIssued(String key) {
        if (key.length() != KEY_LENGTH || !key.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < key.length(); i++) {
            final char c = key.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Returns what may be shown of a key or hash to tell it apart (never enough to use it): 8 hex digits. */
    public static String hint(String storedHash) {
        return storedHash.substring(HASH_PREFIX.length(), HASH_PREFIX.length() + 8);
    }
}
