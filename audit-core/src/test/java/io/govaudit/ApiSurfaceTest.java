package io.govaudit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The API surface and layering rules of STYLE.md S1, S3 and S44, checked on audit-core's main
 * classes.
 */
@AnalyzeClasses(locations = ApiSurfaceTest.MainClasses.class, importOptions = ImportOption.DoNotIncludeTests.class)
public class ApiSurfaceTest {

    /** Packages whose public types are API (STYLE.md S1). */
    public static final String[] EXPORTED = {"io.govaudit", "io.govaudit.verify", "io.govaudit.alert", "io.govaudit.spi",
        "io.govaudit.query"};
    static final String INTERNAL = "io.govaudit.internal..";
    static final String[] LOWER_LAYERS = {"io.govaudit.internal.format..", "io.govaudit.internal.store..",
        "io.govaudit.internal.keys.."};

    @ArchTest
    static final ArchRule publicTypes_outsideInternal_liveOnlyInExportedPackages = classes()
            .that().arePublic().and().resideOutsideOfPackage(INTERNAL)
            .should().resideInAnyPackage(EXPORTED)
            .because("only io.govaudit, .alert, .verify, .spi and .query are exported (STYLE.md S1)");

    @ArchTest
    static final ArchRule mainPackages_areOnlyExportedOrInternal = classes()
            .should().resideInAnyPackage(concat(EXPORTED, INTERNAL))
            .because("everything that is not API lives in io.govaudit.internal (STYLE.md S1)");

    @ArchTest
    static final ArchRule apiSignatures_neverExposeInternalTypes = classes()
            .that().arePublic().and().resideInAnyPackage(EXPORTED)
            .should(notExposeInternalTypes())
            .because("internal types stay out of API signatures (STYLE.md S3)");

    @ArchTest
    static final ArchRule recordFormat_hasNoLogging = noClasses()
            .that().resideInAPackage("io.govaudit.internal.format..")
            .should().dependOnClassesThat().resideInAnyPackage("org.slf4j..", "ch.qos.logback..", "java.util.logging..")
            .because("the record and chain code does not log (STYLE.md S44)");

    /**
     * The API packages among themselves are free of cycles. Their edges into internal (the
     * verifier reads with the format code, the trail is implemented by the engine) are not
     * counted: the rules below keep those one-way where it matters.
     */
    @ArchTest
    static final ArchRule apiPackages_areFreeOfCycles = slices().matching("io.govaudit.(*)..")
            .should().beFreeOfCycles()
            .ignoreDependency(JavaClass.Predicates.resideInAPackage(INTERNAL), DescribedPredicate.alwaysTrue())
            .ignoreDependency(DescribedPredicate.alwaysTrue(), JavaClass.Predicates.resideInAPackage(INTERNAL));

    @ArchTest
    static final ArchRule internalPackages_areFreeOfCycles = slices().matching("io.govaudit.internal.(*)..")
            .should().beFreeOfCycles();

    /**
     * The engine ({@code internal.trail}: queue, writer, policies, sealing) sits on top of the
     * record format, the stores and the keys; those never reach back up into it.
     */
    @ArchTest
    static final ArchRule lowerInternalLayers_neverDependOnTheEngine = noClasses()
            .that().resideInAnyPackage(LOWER_LAYERS)
            .should().dependOnClassesThat().resideInAPackage("io.govaudit.internal.trail..")
            .because("format, store and keys are the layers the engine is built on (issue 12)");

    /**
     * Below the engine, the edge from internal back to the API stays narrow: value types,
     * exceptions and the SPI, never the trail itself or the verifier.
     */
    @ArchTest
    static final ArchRule lowerInternalLayers_useOnlyApiValueTypesAndExceptions = noClasses()
            .that().resideInAnyPackage(LOWER_LAYERS)
            .should().dependOnClassesThat(DescribedPredicate.describe("the trail or its builder",
                    (JavaClass c) -> c.getName().startsWith("io.govaudit.AuditTrail")))
            .orShould().dependOnClassesThat().resideInAPackage("io.govaudit.verify..");

    /** Only the engine implements the trail, and nothing in the API package implements the engine. */
    @ArchTest
    static final ArchRule apiPackage_holdsNoEngine = noClasses()
            .that().resideInAPackage("io.govaudit")
            .should().implement(AuditTrail.class)
            .because("the engine lives in io.govaudit.internal.trail (issue 12)");

    @ArchTest
    static final ArchRule caseConversion_alwaysNamesALocale = noClasses()
            .should().callMethod(String.class, "toLowerCase")
            .orShould().callMethod(String.class, "toUpperCase")
            .because("case conversion without a Locale breaks in Turkish locales (STYLE.md S44)");

    /**
     * Wall-clock time comes from the injected {@link Clock} (STYLE.md S13): the only place that
     * reads the system clock is the builder choosing the default clock.
     */
    @ArchTest
    static final ArchRule wallClock_isReadOnlyThroughTheInjectedClock = noClasses()
            .that().doNotHaveFullyQualifiedName(AuditTrail.Builder.class.getName())
            .should().callMethod(Instant.class, "now")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(LocalDateTime.class, "now")
            .orShould().callMethod(LocalDate.class, "now")
            .orShould().callMethod(OffsetDateTime.class, "now")
            .orShould().callMethod(ZonedDateTime.class, "now")
            .orShould().callMethod(Clock.class, "systemUTC")
            .orShould().callMethod(Clock.class, "systemDefaultZone")
            .because("ts must come from the clock given to AuditTrail.Builder.clock (STYLE.md S13)");

    @ArchTest
    static final ArchRule wallClock_isDefaultedInTheBuilder = classes()
            .that().haveFullyQualifiedName(AuditTrail.Builder.class.getName())
            .should(callSystemUtcClock());

    /** Imports audit-core's main classes only, without scanning the whole class path. */
    static final class MainClasses implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            try {
                return Set.of(Location.of(AuditTrail.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String[] concat(String[] first, String last) {
        String[] all = java.util.Arrays.copyOf(first, first.length + 1);
        all[first.length] = last;
        return all;
    }

    private static ArchCondition<JavaClass> notExposeInternalTypes() {
        return notExposeTypesOf(List.of("io.govaudit.internal"));
    }

    /**
     * A condition for API types of any module: no type of the given package prefixes in a public
     * or protected signature (supertypes, methods, constructors, fields, type arguments).
     *
     * @param internalPrefixes package name prefixes that must not leak
     * @return the condition
     */
    public static ArchCondition<JavaClass> notExposeTypesOf(List<String> internalPrefixes) {
        return new ArchCondition<>("not expose " + internalPrefixes + " types in public or protected signatures") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                List<String> leaks = new ArrayList<>();
                for (JavaClass supertype : type.getAllRawSuperclasses()) {
                    leak(leaks, "extends", supertype, internalPrefixes);
                }
                for (JavaClass iface : type.getAllRawInterfaces()) {
                    leak(leaks, "implements", iface, internalPrefixes);
                }
                for (JavaCodeUnit unit : type.getCodeUnits()) {
                    if (visible(unit.getModifiers()) && !unit.getName().equals("<clinit>")) {
                        leak(leaks, unit.getFullName() + " returns", unit.getReturnType(), internalPrefixes);
                        for (JavaType parameter : unit.getParameterTypes()) {
                            leak(leaks, unit.getFullName() + " takes", parameter, internalPrefixes);
                        }
                        for (JavaClass thrown : unit.getThrowsClause().getTypes()) {
                            leak(leaks, unit.getFullName() + " throws", thrown, internalPrefixes);
                        }
                    }
                }
                for (JavaField field : type.getFields()) {
                    if (visible(field.getModifiers())) {
                        leak(leaks, field.getFullName() + " has type", field.getType(), internalPrefixes);
                    }
                }
                for (String leakMessage : leaks) {
                    events.add(SimpleConditionEvent.violated(type, leakMessage));
                }
            }
        };
    }

    private static boolean visible(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static void leak(List<String> leaks, String what, JavaType type, List<String> internalPrefixes) {
        for (JavaClass involved : type.getAllInvolvedRawTypes()) {
            if (internalPrefixes.stream().anyMatch(involved.getPackageName()::startsWith)) {
                leaks.add(what + " " + involved.getName());
            }
        }
    }

    private static ArchCondition<JavaClass> callSystemUtcClock() {
        return new ArchCondition<>("choose Clock.systemUTC() as the default clock") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                boolean calls = type.getMethodCallsFromSelf().stream().map(JavaAccess::getTarget)
                        .anyMatch(t -> t.getOwner().isEquivalentTo(Clock.class) && t.getName().equals("systemUTC"));
                events.add(new SimpleConditionEvent(type, calls, type.getName() + " does not default to Clock.systemUTC()"));
            }
        };
    }
}
