package io.computeregister.api.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * Runs the annotated test once on SQLite and once on embedded PostgreSQL, each with a fresh migrated database
 * passed as a {@link TestDb} parameter and closed afterwards.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(EachDatabase.Provider.class)
public @interface EachDatabase {

    final class Provider implements TestTemplateInvocationContextProvider {

        @Override
        public boolean supportsTestTemplate(ExtensionContext context) {
            return true;
        }

        @Override
        public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
            return Stream.of(TestDb.Kind.SQLITE, TestDb.Kind.POSTGRES).map(Provider::invocation);
        }

        private static TestTemplateInvocationContext invocation(TestDb.Kind kind) {
            return new TestTemplateInvocationContext() {
                @Override
                public String getDisplayName(int index) {
                    return kind.name().toLowerCase();
                }

                @Override
                public List<Extension> getAdditionalExtensions() {
                    return List.of(new Resolver(kind));
                }
            };
        }
    }

    final class Resolver implements ParameterResolver, AfterEachCallback {

        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(EachDatabase.class);
        private final TestDb.Kind kind;

        Resolver(TestDb.Kind kind) {
            this.kind = kind;
        }

        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            return p.getParameter().getType() == TestDb.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            return e.getStore(NS).getOrComputeIfAbsent("db", k -> TestDb.open(kind), TestDb.class);
        }

        @Override
        public void afterEach(ExtensionContext e) {
            TestDb db = e.getStore(NS).remove("db", TestDb.class);
            if (db != null) db.close();
        }
    }
}
