package dev.numbers.carrier.catalog;

/**
 * A national number with some digits fixed (a search prefix, an {@code endsWith} suffix, a
 * {@code contains} pattern at one position) and the others free. Its candidates are the
 * {@code 10^free} ways to fill the free digits, visited in a seeded pseudo-random order: the
 * {@code ordinal}-th candidate fills them with {@code (multiplier * ordinal + offset) mod 10^free},
 * a bijection because the multiplier is coprime to 10. The value's last digit goes to the first
 * free position, and so on, so the leading free digits (a North American exchange, say) change
 * with every ordinal instead of staying put for long runs.
 */
final class DigitTemplate {

    private static final char FREE = '?';
    private static final int GIVE_UP_AFTER_INVALID = 6;

    private final SearchPrefix source;
    private final int containsPosition;
    private final char[] digits;
    private final int[] freePositions;
    private final long size;
    private final long multiplier;
    private final long offset;
    private int validCount;
    private int invalidCount;

    private DigitTemplate(SearchPrefix source, int containsPosition, char[] digits, int[] freePositions, long seed) {
        this.source = source;
        this.containsPosition = containsPosition;
        this.digits = digits;
        this.freePositions = freePositions;
        long size = 1;
        for (int i = 0; i < freePositions.length; i++) {
            size *= 10;
        }
        this.size = size;
        long hash = NumberHash.mix(seed ^ NumberHash.mix(new String(digits).hashCode() * 31L + containsPosition));
        this.multiplier = coprimeMultiplier(Long.remainderUnsigned(hash, size), size);
        this.offset = Long.remainderUnsigned(NumberHash.mix(hash), size);
    }

    /**
     * The template for a search prefix with the given patterns, or {@code null} when they
     * cannot all hold at once.
     *
     * @param containsPosition where {@code contains} starts, ignored when it is {@code null}
     */
    static DigitTemplate create(SearchPrefix source, String contains, int containsPosition, String endsWith, long seed) {
        int length = source.nationalLength();
        char[] digits = new char[length];
        for (int i = 0; i < length; i++) {
            digits[i] = FREE;
        }
        if (!place(digits, source.digits(), 0)) {
            return null;
        }
        if (endsWith != null && !place(digits, endsWith, length - endsWith.length())) {
            return null;
        }
        if (contains != null && !place(digits, contains, containsPosition)) {
            return null;
        }
        int freeCount = 0;
        for (char digit : digits) {
            if (digit == FREE) {
                freeCount++;
            }
        }
        int[] freePositions = new int[freeCount];
        int next = 0;
        for (int i = 0; i < length; i++) {
            if (digits[i] == FREE) {
                freePositions[next++] = i;
            }
        }
        return new DigitTemplate(source, contains == null ? -1 : containsPosition, digits, freePositions, seed);
    }

    SearchPrefix source() {
        return source;
    }

    int containsPosition() {
        return containsPosition;
    }

    /** How many candidates the template has. */
    long size() {
        return size;
    }

    /** The {@code ordinal}-th candidate, {@code 0 <= ordinal < size()}. */
    String candidate(int ordinal) {
        long value = (mulMod(multiplier, ordinal, size) + offset) % size;
        char[] filled = digits.clone();
        for (int i = 0; i < freePositions.length; i++) {
            filled[freePositions[i]] = (char) ('0' + (value % 10));
            value /= 10;
        }
        return new String(filled);
    }

    /** Records that libphonenumber accepted one of this template's candidates. */
    void recordValid() {
        validCount++;
    }

    /** Records that libphonenumber rejected one of this template's candidates. */
    void recordInvalid() {
        invalidCount++;
    }

    /** True once several candidates were rejected and none accepted: the template is given up. */
    boolean isBarren() {
        return validCount == 0 && invalidCount >= GIVE_UP_AFTER_INVALID;
    }

    private static boolean place(char[] digits, String pattern, int position) {
        if (position < 0 || position + pattern.length() > digits.length) {
            return false;
        }
        for (int i = 0; i < pattern.length(); i++) {
            char current = digits[position + i];
            char wanted = pattern.charAt(i);
            if (current != FREE && current != wanted) {
                return false;
            }
            digits[position + i] = wanted;
        }
        return true;
    }

    /** A multiplier coprime to {@code modulus} (a power of ten), derived from {@code start}. */
    private static long coprimeMultiplier(long start, long modulus) {
        if (modulus == 1) {
            return 0;
        }
        long multiplier = start | 1;
        if (multiplier % 5 == 0) {
            multiplier += 2;
        }
        return multiplier;
    }

    /**
     * {@code (a * b) mod m} without overflow for {@code a < m <= 10^13} and {@code 0 <= b < 2^31}.
     */
    private static long mulMod(long a, int b, long m) {
        long high = (a * (b >>> 16)) % m;
        high = (high * 65536L) % m;
        long low = (a * (b & 0xFFFF)) % m;
        return (high + low) % m;
    }
}
