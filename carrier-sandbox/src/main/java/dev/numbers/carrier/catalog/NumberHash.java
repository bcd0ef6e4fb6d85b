package dev.numbers.carrier.catalog;

/**
 * The stable 64-bit hash that decides, per number and seed, everything the catalog makes up:
 * whether the carrier offers the number, its features, and whether it is "already on the
 * customer's account elsewhere" for imports.
 *
 * <p>The hash is a SplitMix64-style mix of the seed and the E.164 digits read as one decimal
 * integer, so it never depends on the JVM, on iteration order or on time. The bits are used as:
 * <ul>
 *   <li>bits 0-15 mod 1000 &lt; {@value #OFFERED_PER_MILLE}: the number is offered for sale (35%)</li>
 *   <li>bits 16-31, 32-47, 48-62 mod 100: three percentiles used by {@link FeatureRules}</li>
 *   <li>bit 63 (the sign bit): the import bucket used by {@link NumberCatalog#onCustomerAccount}</li>
 * </ul>
 */
final class NumberHash {

    /** Out of every 1000 valid numbers of a sold block, about this many are offered. */
    static final int OFFERED_PER_MILLE = 350;

    private NumberHash() {
    }

    /** The hash of a number given in E.164 form ({@code +} and at most 15 digits). */
    static long of(long seed, String e164) {
        long digits = 0;
        for (int i = 1; i < e164.length(); i++) {
            digits = digits * 10 + (e164.charAt(i) - '0');
        }
        return mix(mix(seed ^ 0x5DEECE66DL) ^ digits);
    }

    /** The hash of a number given as calling code and national significant number. */
    static long of(long seed, int callingCode, String nationalNumber) {
        return of(seed, "+" + callingCode + nationalNumber);
    }

    static boolean isOffered(long hash) {
        return (hash & 0xFFFFL) % 1000 < OFFERED_PER_MILLE;
    }

    static boolean isInImportBucket(long hash) {
        return hash < 0;
    }

    static int firstPercentile(long hash) {
        return (int) (((hash >>> 16) & 0xFFFFL) % 100);
    }

    static int secondPercentile(long hash) {
        return (int) (((hash >>> 32) & 0xFFFFL) % 100);
    }

    static int thirdPercentile(long hash) {
        return (int) (((hash >>> 48) & 0x7FFFL) % 100);
    }

    /** The SplitMix64 finalizer: a bijective mix of all 64 bits. */
    static long mix(long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
