package echo.bench;

import java.util.List;
import java.util.Locale;

/**
 * (Stopgap, moved from clients when they took Jackson: the benchmarks switch to Jackson too, and then this goes.)
 * Just enough JSON writing for result files: one object, fields added in order. Values are strings, numbers,
 * booleans, lists of those, or nested objects. (No library: results are small and flat, and a reader can see
 * exactly what is written.)
 */
public final class Json {
    private final StringBuilder text = new StringBuilder("{");

    public Json field(String name, Object value) {
        if (text.length() > 1) {
            text.append(", ");
        }
        text.append(quote(name)).append(": ");
        append(value);
        return this;
    }

    private void append(Object value) {
        if (value == null) {
            text.append("null");
        } else if (value instanceof Json nested) {
            text.append(nested);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            text.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "null");
        } else if (value instanceof Number || value instanceof Boolean) {
            text.append(value);
        } else if (value instanceof List<?> list) {
            text.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    text.append(", ");
                }
                append(list.get(i));
            }
            text.append(']');
        } else {
            text.append(quote(value.toString()));
        }
    }

    public static String quote(String s) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    @Override
    public String toString() {
        return text + "}";
    }
}
