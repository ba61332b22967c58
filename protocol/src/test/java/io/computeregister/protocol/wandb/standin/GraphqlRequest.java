package io.computeregister.protocol.wandb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One GraphQL request parsed the way a GraphQL server reads it (the GraphQL spec's executable documents, minus
 * fragments and directives, which the W&amp;B clients' run queries do not use): an operation ({@code query} or
 * {@code mutation}) with variable definitions and default values, and a tree of fields whose arguments are already
 * resolved against the request's {@code variables}. Anything it cannot read is a {@link GraphqlError} with a message
 * like a server's, which the stand-in answers as {@code {"errors": [...]}}.
 */
final class GraphqlRequest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A selected field: its response key (alias or name), its name, resolved arguments and sub-selection. */
    record Field(String key, String name, Map<String, JsonNode> args, List<Field> selections) {
        JsonNode arg(String name) {
            JsonNode v = args.get(name);
            return v == null ? NODES.nullNode() : v;
        }
    }

    /** A request the stand-in refuses, with the message a GraphQL server would give. */
    static final class GraphqlError extends RuntimeException {
        GraphqlError(String message) {
            super(message);
        }
    }

    final String operation;
    final List<Field> selections;

    private final String text;
    private final JsonNode variables;
    private final Map<String, JsonNode> defaults = new HashMap<>();
    private int pos;

    private GraphqlRequest(String text, JsonNode variables) {
        this.text = text;
        this.variables = variables == null || variables.isNull() ? NODES.objectNode() : variables;
        skipIgnored();
        String op = "query";
        if (peek() != '{') {
            op = name();
            if (!op.equals("query") && !op.equals("mutation")) {
                throw new GraphqlError("Syntax Error: Unexpected Name \"" + op + "\".");
            }
            if (Character.isLetter(peek()) || peek() == '_') name(); // operation name
            if (peek() == '(') variableDefinitions();
        }
        this.operation = op;
        this.selections = selectionSet();
        skipIgnored();
        if (pos < text.length()) {
            throw new GraphqlError("This stand-in takes one operation per request; more text at offset " + pos);
        }
    }

    static GraphqlRequest parse(String query, JsonNode variables) {
        if (query == null || query.isBlank()) throw new GraphqlError("Must provide query string.");
        return new GraphqlRequest(query, variables);
    }

    private void variableDefinitions() {
        expect('(');
        while (peek() != ')') {
            expect('$');
            String var = name();
            expect(':');
            type();
            if (peek() == '=') {
                pos++;
                defaults.put(var, value(true));
            }
        }
        expect(')');
    }

    private void type() {
        if (peek() == '[') {
            pos++;
            type();
            expect(']');
        } else {
            name();
        }
        if (peek() == '!') pos++;
    }

    private List<Field> selectionSet() {
        expect('{');
        List<Field> fields = new ArrayList<>();
        while (peek() != '}') {
            if (text.startsWith("...", pos)) throw new GraphqlError("Fragments are not supported by this stand-in.");
            String key = name();
            String name = key;
            if (peek() == ':') {
                pos++;
                name = name();
            }
            Map<String, JsonNode> args = new LinkedHashMap<>();
            if (peek() == '(') {
                pos++;
                while (peek() != ')') {
                    String arg = name();
                    expect(':');
                    args.put(arg, value(false));
                }
                expect(')');
            }
            List<Field> sub = peek() == '{' ? selectionSet() : List.of();
            fields.add(new Field(key, name, args, sub));
        }
        expect('}');
        return fields;
    }

    private JsonNode value(boolean constant) {
        char c = peek();
        if (c == '$') {
            if (constant) throw new GraphqlError("Syntax Error: Unexpected \"$\" in a default value.");
            pos++;
            String var = name();
            JsonNode v = variables.get(var);
            if (v == null) v = defaults.get(var);
            return v == null ? NODES.nullNode() : v;
        }
        if (c == '"') return NODES.textNode(string());
        if (c == '[') {
            pos++;
            ArrayNode list = NODES.arrayNode();
            while (peek() != ']') list.add(value(constant));
            pos++;
            return list;
        }
        if (c == '{') {
            pos++;
            ObjectNode obj = NODES.objectNode();
            while (peek() != '}') {
                String field = name();
                expect(':');
                obj.set(field, value(constant));
            }
            pos++;
            return obj;
        }
        if (c == '-' || Character.isDigit(c)) return number();
        String word = name();
        return switch (word) {
            case "true" -> NODES.booleanNode(true);
            case "false" -> NODES.booleanNode(false);
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(word); // an enum value
        };
    }

    private JsonNode number() {
        int start = pos;
        if (text.charAt(pos) == '-') pos++;
        boolean fraction = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isDigit(c)) {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || (c == '-' && fraction)) {
                fraction = true;
                pos++;
            } else {
                break;
            }
        }
        String n = text.substring(start, pos);
        try {
            return fraction ? NODES.numberNode(Double.parseDouble(n)) : NODES.numberNode(Long.parseLong(n));
        } catch (NumberFormatException e) {
            throw new GraphqlError("Syntax Error: Invalid number \"" + n + "\".");
        }
    }

    private String string() {
        if (text.startsWith("\"\"\"", pos)) {
            int end = text.indexOf("\"\"\"", pos + 3);
            if (end < 0) throw new GraphqlError("Syntax Error: Unterminated string.");
            String s = text.substring(pos + 3, end);
            pos = end + 3;
            return s.strip();
        }
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c == '\\') {
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        throw new GraphqlError("Syntax Error: Unterminated string.");
    }

    private String name() {
        skipIgnored();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
        if (start == pos) {
            throw new GraphqlError("Syntax Error: Expected Name, found "
                    + (pos < text.length() ? "\"" + text.charAt(pos) + "\"" : "<EOF>") + " at offset " + pos + ".");
        }
        return text.substring(start, pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new GraphqlError("Syntax Error: Expected \"" + c + "\", found "
                    + (pos < text.length() ? "\"" + text.charAt(pos) + "\"" : "<EOF>") + " at offset " + pos + ".");
        }
        pos++;
    }

    /** The next significant character (whitespace, commas and comments are insignificant in GraphQL). */
    private char peek() {
        skipIgnored();
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipIgnored() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') pos++;
            } else if (Character.isWhitespace(c) || c == ',' || c == '\uFEFF') {
                pos++;
            } else {
                return;
            }
        }
    }
}
