package dev.llmg.internal.instruction;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

import com.github.mustachejava.Code;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.codes.CommentCode;
import com.github.mustachejava.codes.IterableCode;
import com.github.mustachejava.codes.NotIterableCode;
import com.github.mustachejava.codes.ValueCode;
import com.github.mustachejava.codes.WriteCode;
import com.github.mustachejava.reflect.MapObjectHandler;

/**
 * One message template of an instruction, compiled once by Mustache: prompts are text, not HTML, so values are
 * written as given (never escaped); values are read from maps and lists only (never by reflection on objects);
 * partials and template inheritance are refused, since they would read templates from elsewhere.
 *
 * <p>It knows which variables it uses ({@link #used()}) and which it cannot render without
 * ({@link #required()}: those it inserts with {@code {{name}}} outside any section; a section,
 * {@code {{#name}}} or {@code {{^name}}}, is how a template says a variable is optional).
 */
final class MessageTemplate {

    private static final MustacheFactoryForPrompts FACTORY = new MustacheFactoryForPrompts();

    private final Mustache mustache;
    private final Set<String> used;
    private final Set<String> named;
    private final Set<String> required;

    private MessageTemplate(Mustache mustache, Set<String> used, Set<String> named, Set<String> required) {
        this.mustache = mustache;
        this.used = used;
        this.named = named;
        this.required = required;
    }

    /** Compiles {@code text}; throws {@link IllegalArgumentException} saying what is wrong with it. */
    static MessageTemplate compile(String text) {
        requireNonNull(text, "text");
        final Mustache mustache;
        try {
            mustache = FACTORY.compile(new StringReader(text), "template");
        } catch (MustacheException e) {
            throw new IllegalArgumentException(reason(e), e);
        }
        final Set<String> used = new TreeSet<>();
        final Set<String> required = new TreeSet<>();
        final Set<String> optional = new TreeSet<>();
        walk(mustache.getCodes(), true, used, required, optional);
        final Set<String> named = new TreeSet<>(required);
        named.addAll(optional);
        required.removeAll(optional);
        return new MessageTemplate(mustache, Collections.unmodifiableSet(used), Collections.unmodifiableSet(named),
                                   Collections.unmodifiableSet(required));
    }

    /**
     * Returns the names it uses anywhere (the first part of a dotted name), including those inside sections, which
     * may be an item's fields rather than variables.
     */
    Set<String> used() {
        return used;
    }

    /** Returns the names of the variables it names outside any section: what a caller is expected to give. */
    Set<String> named() {
        return named;
    }

    /** Returns the names of the variables it cannot render without. */
    Set<String> required() {
        return required;
    }

    /** Renders it with {@code scope}: a map of variable names to strings, numbers, booleans, lists and maps. */
    String render(Object scope) {
        final StringWriter out = new StringWriter();
        try {
            mustache.execute(out, scope).flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void walk(Code[] codes, boolean top, Set<String> used, Set<String> required,
                             Set<String> optional) {
        if (codes == null) {
            return;
        }
        for (Code code : codes) {
            final Class<?> kind = code.getClass();
            if (kind == WriteCode.class || kind == CommentCode.class || code.getName() == null) {
                continue;
            }
            if (kind != ValueCode.class && kind != IterableCode.class && kind != NotIterableCode.class) {
                throw new IllegalArgumentException("'" + code.getName() + "' is not supported: use {{name}}, "
                                                   + "{{#name}}...{{/name}} and {{^name}}...{{/name}} only "
                                                   + "(no partials, no inheritance)");
            }
            final String head = head(code.getName());
            if (head != null) {
                used.add(head);
                if (top) {
                    (kind == ValueCode.class ? required : optional).add(head);
                }
            }
            walk(code.getCodes(), false, used, required, optional);
        }
    }

    /** Returns the variable a tag names: {@code a} for {@code a.b}; null for {@code .}, the current item. */
    private static String head(String name) {
        if (name == null || name.isEmpty() || name.equals(".")) {
            return null;
        }
        final int dot = name.indexOf('.');
        return dot < 0 ? name : dot == 0 ? null : name.substring(0, dot);
    }

    private static String reason(MustacheException e) {
        final String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.replace("@template:", "at line ").replace("template:", "line ");
    }

    /** Mustache for prompts: no escaping, no templates read from anywhere, values read from maps only. */
    private static final class MustacheFactoryForPrompts extends DefaultMustacheFactory {

        MustacheFactoryForPrompts() {
            super(name -> {
                throw new MustacheException("partials are not supported ({{> " + name + "}})");
            });
            setObjectHandler(new MapObjectHandler());
        }

        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new MustacheException("could not write a value", e);
            }
        }
    }
}
