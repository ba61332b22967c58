package io.computeregister.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two packages of the api module depend on each other, directly or around a longer loop: a newcomer can read the
 * packages bottom-up. Read from the source tree (imports and fully qualified names of {@code io.computeregister.api}
 * types), so a new cycle fails here naming the packages that form it.
 */
class PackageCyclesTest {

    private static final Path MAIN = Path.of("src/main/java");
    /** A reference to a type of the api module: its package is everything before the capitalised name. */
    private static final Pattern REFERENCE =
            Pattern.compile("\\b(io\\.computeregister\\.api(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
    private static final Pattern PACKAGE = Pattern.compile("^package ([a-z0-9.]+);", Pattern.MULTILINE);

    @Test
    void no_package_of_the_api_module_is_part_of_a_dependency_cycle() throws IOException {
        Map<String, Set<String>> uses = dependencies();
        assertThat(uses).as("packages read from " + MAIN.toAbsolutePath()).hasSizeGreaterThan(10);

        assertThat(cycles(uses)).as("packages that depend on each other (each group is one cycle)").isEmpty();
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve("io/computeregister/api"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(source);
                if (!pkg.find()) continue;
                String from = pkg.group(1);
                Set<String> to = uses.computeIfAbsent(from, p -> new TreeSet<>());
                Matcher ref = REFERENCE.matcher(source.substring(pkg.end()));
                while (ref.find()) if (!ref.group(1).equals(from)) to.add(ref.group(1));
            }
        }
        return uses;
    }

    /** Tarjan's strongly connected components; every component of more than one package is a cycle. */
    private static List<Set<String>> cycles(Map<String, Set<String>> uses) {
        List<Set<String>> found = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        for (String start : uses.keySet()) {
            if (!index.containsKey(start)) connect(start, uses, index, low, stack, found);
        }
        return found;
    }

    private static void connect(String v, Map<String, Set<String>> uses, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : uses.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, uses, index, low, stack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) found.add(component);
        }
    }
}
