package io.nightshift.agent.study.findings;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How numbers are written in findings: plain notation (never an exponent, so a reader and {@link FindingsCheck}
 * read them the same way), rounded half up, with as many decimals as the data warrant.
 */
final class Num {

    private static final int MAX_DECIMALS = 12;

    private Num() {
    }

    /** {@code x} with exactly {@code decimals} decimals; never "-0". */
    static String fixed(double x, int decimals) {
        if (!Double.isFinite(x)) {
            return "n/a";
        }
        String s = BigDecimal.valueOf(x).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
        return isNegativeZero(s) ? s.substring(1) : s;
    }

    /**
     * {@code x} to {@code digits} significant digits, but never rounded to tens or more: 1764.3 to three digits
     * is "1764", not "1760", which a reader (and {@link FindingsCheck}) would take for a whole number.
     */
    static String sig(double x, int digits) {
        if (Double.isFinite(x) && Math.abs(x) >= Math.pow(10, digits - 1)) {
            return fixed(x, 0);
        }
        if (!Double.isFinite(x)) {
            return "n/a";
        }
        if (x == 0) {
            return "0";
        }
        String s = BigDecimal.valueOf(x).round(new MathContext(digits, RoundingMode.HALF_UP)).toPlainString();
        return isNegativeZero(s) ? s.substring(1) : s;
    }

    /** A whole number as it is; anything else as {@link #sig} with 4 digits. */
    static String plain(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return sig(x, 4);
    }

    private static boolean isNegativeZero(String s) {
        return s.startsWith("-") && s.chars().allMatch(c -> c == '-' || c == '0' || c == '.');
    }

    /**
     * Decimals for a study's objective values: two significant digits of the typical (median) seed-to-seed standard
     * deviation, the usual way to write a mean ± sd; without any spread, four significant digits of the typical
     * value. At most 12.
     */
    static int decimalsFor(List<Double> values, List<Double> spreads) {
        int d = 0;
        double spread = median(spreads.stream().filter(v -> v > 0 && Double.isFinite(v)).toList());
        double typical = median(values.stream().map(Math::abs).filter(v -> v > 0 && Double.isFinite(v)).toList());
        if (!Double.isNaN(spread)) {
            d = 1 - (int) Math.floor(Math.log10(spread));
        } else if (!Double.isNaN(typical)) {
            d = 3 - (int) Math.floor(Math.log10(typical));
        }
        return Math.max(0, Math.min(MAX_DECIMALS, d));
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** A parameter value as a number, or null when it is not one (strings, booleans). */
    static Double asNumber(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }

    /** A parameter value as written in a finding: numbers in their shortest exact form, the rest as they are. */
    static String value(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof BigDecimal b) {
            return b.stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    /** Whether two parameter values are the same: numbers by value ({@code 64} equals {@code 64.0}), others by equals. */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return canonical(x).compareTo(canonical(y)) == 0;
        }
        return java.util.Objects.equals(a, b);
    }

    /** A form of a value that is equal for values {@link #same} calls equal. */
    static String key(Object value) {
        if (value instanceof Number n) {
            return "n:" + canonical(n).stripTrailingZeros().toPlainString();
        }
        return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
    }

    private static BigDecimal canonical(Number n) {
        if (n instanceof BigDecimal b) {
            return b;
        }
        if (n instanceof Double || n instanceof Float) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        return new BigDecimal(n.toString());
    }
}
