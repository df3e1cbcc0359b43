package org.paydesk.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.paydesk.app.Paydesk;
import org.paydesk.db.Database;

/**
 * Gives each test class its own fresh database: declare a {@link Paydesk} or {@link Database}
 * parameter on a test, a {@code @BeforeAll} or a constructor. Closed after the class.
 */
public final class DatabaseExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DatabaseExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Paydesk.class || type == Database.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext classContext = context.getRoot().equals(context) ? context : classContext(context);
        Paydesk paydesk = classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent("paydesk", key -> new ClosingPaydesk(Paydesk.wrap(TestDatabases.fresh())),
                        ClosingPaydesk.class).paydesk();
        return parameter.getParameter().getType() == Database.class ? paydesk.database() : paydesk;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private record ClosingPaydesk(Paydesk paydesk) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            paydesk.close();
        }
    }
}
