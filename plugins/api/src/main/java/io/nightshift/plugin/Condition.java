package io.nightshift.plugin;

import java.util.List;
import java.util.Objects;

/**
 * When a conditional parameter applies: only while {@code parent} is active and set to one of
 * {@code values} (e.g. {@code momentum} only when {@code optimizer} is {@code sgd}). The parent must
 * be declared before the parameter; an inactive parameter is absent from a configuration.
 */
public record Condition(String parent, List<Object> values) {

    public Condition {
        Objects.requireNonNull(parent, "parent");
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a condition on '" + parent + "' needs at least one value");
        }
    }

    public static Condition of(String parent, Object... values) {
        return new Condition(parent, List.of(values));
    }

    /** True when the parent's canonical value is one of the values (numbers compare by value). */
    public boolean matches(Object parentValue) {
        if (parentValue == null) {
            return false;
        }
        for (Object v : values) {
            if (v.equals(parentValue)
                    || v instanceof Number a && parentValue instanceof Number b && a.doubleValue() == b.doubleValue()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return values.size() == 1 ? parent + " = " + values.get(0) : parent + " in " + values;
    }
}
