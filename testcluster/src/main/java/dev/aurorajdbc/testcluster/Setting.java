package dev.aurorajdbc.testcluster;

import java.util.function.UnaryOperator;

/**
 * A setting of the test cluster given by a system property, else by an environment variable: its value and where it
 * came from ({@code system property …} or {@code environment variable …}, for messages). Blank counts as unset.
 *
 * @param value  the value as given
 * @param source the property or variable it came from
 */
public record Setting(String value, String source) {

    /** From this JVM's system properties and environment; {@code null} when neither is set. */
    public static Setting of(String property, String environment) {
        return of(property, environment, System::getProperty, System::getenv);
    }

    /** From the given lookups (tests pass maps); {@code null} when neither is set. */
    public static Setting of(String property, String environment, UnaryOperator<String> properties,
            UnaryOperator<String> environments) {
        String value = properties.apply(property);
        if (value != null && !value.isBlank()) {
            return new Setting(value, "system property " + property);
        }
        value = environments.apply(environment);
        if (value != null && !value.isBlank()) {
            return new Setting(value, "environment variable " + environment);
        }
        return null;
    }
}
