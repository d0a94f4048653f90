package dev.threadprofiling.threadleak;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a fixture test class: it runs only inside the engine test kit (which sets
 * {@value #ENABLED}), never on its own in the build.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Fixture.OnlyInTestKit.class)
public @interface Fixture {

    public static final String ENABLED = "threadleak.fixtures";

    public class OnlyInTestKit implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(ENABLED).map(Boolean::parseBoolean).orElse(false)
                    ? ConditionEvaluationResult.enabled("run by the engine test kit")
                    : ConditionEvaluationResult.disabled("a fixture: runs only through the engine test kit");
        }
    }
}
