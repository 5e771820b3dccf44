package io.protection.orders.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layout rules of the README, checked on the compiled main classes: the packages form a ladder
 * (no import cycle, sub-packages counted on their own), and only repositories (and the readiness
 * check's ping, and the read-only session's set-up) touch the session's query API or Panache's
 * active-record statics.
 */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.protection.orders");
    }

    @Test
    void packagesFormALadder() {
        slices().matching("io.protection.orders.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noEntityIsAnActiveRecord() {
        noClasses().should().beAssignableTo("io.quarkus.hibernate.reactive.panache.PanacheEntityBase")
                .check(classes);
    }

    @Test
    void onlyRepositoriesQueryTheDatabase() {
        // A readiness check pings the database itself: that is what it is for. The read-only session's
        // interceptor takes the session to set it up, and queries nothing. Writes sends, as one statement, the
        // writes that repositories added to it: the SQL is theirs.
        noClasses().that().haveSimpleNameNotEndingWith("Repository")
                .and().areNotAnnotatedWith("org.eclipse.microprofile.health.Readiness")
                .and().doNotHaveFullyQualifiedName("io.protection.orders.common.db.ReadOnlySessionInterceptor")
                .and().doNotHaveFullyQualifiedName("io.protection.orders.common.db.Writes")
                .should().callMethodWhere(DescribedPredicate.describe(
                        "a query method of a session, of Panache or of a pool", call -> isQuery(call.getTarget())))
                .check(classes);
    }

    @Test
    void readsRunInReadOnlySessions() {
        noMethods().should().beAnnotatedWith("io.quarkus.hibernate.reactive.panache.common.WithSession")
                .because("a use case that only reads is @ReadOnlySession (README, Layout)").check(classes);
    }

    static final Set<String> SESSIONS = Set.of("org.hibernate.reactive.mutiny.Mutiny$Session",
            "org.hibernate.reactive.mutiny.Mutiny$StatelessSession", "io.vertx.mutiny.sqlclient.Pool",
            "io.vertx.mutiny.sqlclient.SqlClient", "io.vertx.mutiny.sqlclient.SqlConnection",
            "org.hibernate.reactive.mutiny.Mutiny$QueryProducer");
    static final Set<String> QUERIES = Set.of("createQuery", "createNativeQuery", "createSelectionQuery",
            "createMutationQuery", "find", "fetch", "persist", "persistAll", "insert", "insertMultiple", "update",
            "updateMultiple", "remove", "lock", "refresh", "merge", "query", "preparedQuery");

    static boolean isQuery(AccessTarget target) {
        String owner = target.getOwner().getName();
        if (owner.equals("io.quarkus.hibernate.reactive.panache.Panache")) {
            return target.getName().equals("getSession") || target.getName().equals("flush");
        }
        return SESSIONS.contains(owner) && QUERIES.contains(target.getName());
    }
}
