package io.govaudit.spring;

import io.govaudit.spring.testing.StoreRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.govaudit.AuditTrail;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.DefaultPointcutAdvisor;

/** The id expressions: checked when the pointcut meets the method, evaluated after the call. */
class SensitiveAccessInterceptorTest {

    @TempDir
    Path store;

    private AuditTrail trail;
    private SensitiveAccessInterceptor interceptor;

    @BeforeEach
    void open() {
        trail = AuditTrail.builder().directory(store).chainId("unit").system("test").build();
        AuditContext context = new AuditContext(trail, new WebActors(List.of(), new ClientAddress(List.of())));
        interceptor = new SensitiveAccessInterceptor(() -> context);
    }

    @AfterEach
    void close() {
        trail.close();
    }

    /** Methods with good and bad annotations. */
    public static class Records {
        @SensitiveAccess(kind = "CITIZEN", id = "#id")
        public String byName(String id) {
            return "n";
        }

        @SensitiveAccess(kind = "CITIZEN", id = "#p0 + '-' + #a0")
        public String byPosition(String id) {
            return "n";
        }

        @SensitiveAccess(kind = "CITIZEN", id = "#result.substring(0, 3)", fields = "name")
        public String byResult(String phone) {
            if (phone.isEmpty()) {
                throw new IllegalStateException("no citizen for phone " + phone);
            }
            return phone.startsWith("x") ? "" : "R-1" + phone;
        }

        public String notAnnotated() {
            return "n";
        }
    }

    /** Methods with annotations that cannot be honoured. */
    public static class Broken {
        @SensitiveAccess(kind = "CITIZEN", id = "#id +")
        public String unparsable(String id) {
            return "n";
        }

        @SensitiveAccess(kind = "CITIZEN", id = "#citizenId")
        public String unknownVariable(String id) {
            return "n";
        }

        @SensitiveAccess(kind = "CITIZEN", id = "#result")
        public void resultOfVoid(String id) {
        }

        @SensitiveAccess(kind = "citizen", id = "#id")
        public String lowerCaseKind(String id) {
            return "n";
        }

        @SensitiveAccess(kind = "CITIZEN", id = "#lookup(#id)")
        public String function(String id) {
            return "n";
        }

    }

    @Test
    void matches_goodExpressions_true() throws Exception {
        assertThat(matches("byName")).isTrue();
        assertThat(matches("byPosition")).isTrue();
        assertThat(matches("byResult")).isTrue();
        assertThat(matches("notAnnotated")).isFalse();
    }

    @Test
    void matches_unparsableExpression_namesMethodAndExpression() {
        assertThatThrownBy(() -> matches("unparsable")).isInstanceOfSatisfying(SensitiveAccessExpressionException.class,
                e -> {
                    assertThat(e.method()).isEqualTo("Broken.unparsable(String)");
                    assertThat(e.expression()).isEqualTo("#id +");
                    assertThat(e).hasMessageContaining("does not parse");
                });
    }

    @Test
    void matches_unknownVariable_listsTheParameters() {
        assertThatThrownBy(() -> matches("unknownVariable")).isInstanceOf(SensitiveAccessExpressionException.class)
                .hasMessageContaining("Broken.unknownVariable(String)").hasMessageContaining("#citizenId")
                .hasMessageContaining("[citizenId]").hasMessageContaining("id");
    }

    @Test
    void matches_resultOfVoidMethod_fails() {
        assertThatThrownBy(() -> matches("resultOfVoid")).isInstanceOf(SensitiveAccessExpressionException.class)
                .hasMessageContaining("returns nothing");
    }

    @Test
    void matches_lowerCaseKind_fails() {
        assertThatThrownBy(() -> matches("lowerCaseKind")).isInstanceOf(SensitiveAccessExpressionException.class)
                .hasMessageContaining("upper snake case");
    }

    @Test
    void matches_functionCall_fails() {
        assertThatThrownBy(() -> matches("function")).isInstanceOf(SensitiveAccessExpressionException.class)
                .hasMessageContaining("function");
    }

    @Test
    void invoke_resultExpression_recordsTheIdAndReturnsTheResult() {
        Records records = proxy();
        assertThat(records.byResult("23")).isEqualTo("R-123");
        assertThat(records.byPosition("7")).isEqualTo("n");
        List<JsonNode> written = written();
        assertThat(written).extracting(r -> r.path("subject").path("id").asText()).containsExactly("R-1", "7-7");
        assertThat(written.get(0).path("actor").path("id").asText()).isEqualTo(AuditContext.SYSTEM_ACTOR_ID);
        assertThat(written.get(0).path("where").path("op").asText()).isEqualTo("Records.byResult");
    }

    @Test
    void invoke_methodThrows_recordsFailureWithUnknownIdAndRethrowsTheSameException() {
        Records records = proxy();
        assertThatThrownBy(() -> records.byResult("")).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("no citizen for phone ").hasNoSuppressedExceptions();
        JsonNode failure = written().get(0);
        assertThat(failure.path("outcome").asText()).isEqualTo("FAILURE");
        assertThat(failure.path("reason").asText()).isEqualTo("IllegalStateException");
        assertThat(failure.path("subject").path("id").asText()).isEqualTo(SensitiveAccessInterceptor.UNKNOWN_ID);
        assertThat(failure.toString()).doesNotContain("no citizen");
    }

    @Test
    void invoke_idFailsAfterTheCall_withholdsTheResultAndRecordsNothing() {
        Records records = proxy();
        assertThatThrownBy(() -> records.byResult("x")).isInstanceOf(SensitiveAccessExpressionException.class)
                .hasMessageContaining("Records.byResult(String)").hasMessageContaining("withheld");
        assertThat(written()).isEmpty();
    }

    private boolean matches(String name) throws NoSuchMethodException {
        Class<?> type = List.of("byName", "byPosition", "byResult", "notAnnotated").contains(name)
                ? Records.class : Broken.class;
        Method method = type.getMethod(name, name.equals("notAnnotated") ? new Class<?>[0]
                : new Class<?>[] {String.class});
        return interceptor.pointcut().getMethodMatcher().matches(method, type);
    }

    private Records proxy() {
        ProxyFactory factory = new ProxyFactory(new Records());
        factory.setProxyTargetClass(true);
        factory.addAdvisor(new DefaultPointcutAdvisor(interceptor.pointcut(), interceptor));
        return (Records) factory.getProxy();
    }

    private List<JsonNode> written() {
        trail.flush();
        return StoreRecords.applicationRecords(store);
    }
}
