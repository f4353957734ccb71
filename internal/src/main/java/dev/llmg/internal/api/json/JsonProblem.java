package dev.llmg.internal.api.json;

import java.util.ArrayList;
import java.util.List;

import dev.llmg.spi.GatewayException;

/**
 * Says what is wrong with one value of a caller's JSON; the value's path is filled in while the exception
 * unwinds the reader, so that reading a valid document builds no path at all.
 */
final class JsonProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Object keys longer than this are cut in paths: the path is for finding the place, not for echoing. */
    private static final int MAX_KEY_IN_PATH = 64;

    /** The path's segments, innermost first: names, and indices written as {@code [3]}. */
    private final List<String> segments = new ArrayList<>(4);
    private final String problem;
    private boolean rooted;

    /** Creates the problem, e.g. "must be a number, not an array"; it reads after the value's path. */
    JsonProblem(String problem) {
        super(problem, null, false, false); // thrown for bad input, which needs no stack trace
        this.problem = problem;
    }

    /** Adds the field or object key the problem's value was found under. */
    JsonProblem in(String name) {
        if (!rooted) {
            segments.add(name.length() > MAX_KEY_IN_PATH ? name.substring(0, MAX_KEY_IN_PATH) + "..." : name);
        }
        return this;
    }

    /** Adds the array index the problem's value was found at. */
    JsonProblem at(int index) {
        if (!rooted) {
            segments.add("[" + index + ']');
        }
        return this;
    }

    /** Ends the path here: it is named from this message, whatever envelope carries it. */
    JsonProblem root() {
        rooted = true;
        return this;
    }

    /** Returns the path, such as {@code messages[0].content[1].image_url.detail}; empty for the whole document. */
    String path() {
        final StringBuilder path = new StringBuilder();
        for (int i = segments.size() - 1; i >= 0; i--) {
            final String segment = segments.get(i);
            if (path.length() > 0 && segment.charAt(0) != '[') {
                path.append('.');
            }
            path.append(segment);
        }
        return path.toString();
    }

    /**
     * Returns the INVALID_ARGUMENT to answer, naming the path as its field; {@code whole} names the document
     * when the problem is with the document itself (e.g. "the request body").
     */
    GatewayException toGatewayException(String whole) {
        final String path = path();
        return GatewayException.invalidArgument(path, (path.isEmpty() ? whole : path) + ' ' + problem);
    }
}
