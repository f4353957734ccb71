package dev.llmg.internal.api.json;

/**
 * Says whether a string is well-formed Unicode: every UTF-16 surrogate is half of a pair.
 *
 * <p>JSON's {@code \ud800} escape can put a lone surrogate into a Java string, which no UTF-8 text can hold:
 * writing it out replaces it with {@code ?}, so the text a provider or a client gets back would differ from
 * the text sent. Binary protobuf refuses such strings already; the JSON surfaces refuse them the same way.
 */
public final class UnicodeText {

    private UnicodeText() {}

    /** Returns whether {@code text} holds no lone surrogate. */
    public static boolean isWellFormed(String text) {
        final int length = text.length();
        for (int i = 0; i < length; i++) {
            final char c = text.charAt(i);
            if (c < Character.MIN_SURROGATE) {
                continue; // the usual case: one comparison per character
            }
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
