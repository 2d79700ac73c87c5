package dev.aurorajdbc.testcluster;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A choice among an enum's constants made by a system property, else an environment variable: the lower-case
 * names, any case, blanks around ignored. An error names the setting it came from and the names allowed.
 */
final class EnumSetting {

    private EnumSetting() {
    }

    /**
     * The constant named by the system property, else by the environment variable, else {@code fallback}.
     *
     * @throws IllegalArgumentException naming the property or variable, when the value names no constant
     */
    static <E extends Enum<E>> E configured(Class<E> type, String what, String property, String environment,
            UnaryOperator<String> properties, UnaryOperator<String> environments, E fallback) {
        Setting setting = Setting.of(property, environment, properties, environments);
        if (setting == null) {
            return fallback;
        }
        try {
            return parse(type, what, setting.value());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting.source() + ": " + e.getMessage(), e);
        }
    }

    /** The constant whose lower-case name is {@code value} (any case, blanks around ignored). */
    static <E extends Enum<E>> E parse(Class<E> type, String what, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        StringBuilder names = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            String name = e.name().toLowerCase(Locale.ROOT);
            if (name.equals(v)) {
                return e;
            }
            names.append(names.length() == 0 ? "" : ", ").append(name);
        }
        throw new IllegalArgumentException("unknown " + what + " '" + value + "' (" + names + ")");
    }
}
