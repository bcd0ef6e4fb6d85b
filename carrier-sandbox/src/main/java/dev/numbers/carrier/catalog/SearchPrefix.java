package dev.numbers.carrier.catalog;

/**
 * Where a search generates candidates: numbers of {@code block.nationalLength()} digits starting
 * with {@code digits}, which extend (or equal) the block's prefix, for example an area code
 * filter or one exchange of a locality.
 *
 * @param block  the block the candidates are taken from
 * @param digits the national digits every candidate starts with
 */
record SearchPrefix(NumberBlock block, String digits) {

    int nationalLength() {
        return block.nationalLength();
    }

    /** Identifies the candidates: two search prefixes with the same key generate the same numbers. */
    String key() {
        return digits + "/" + block.nationalLength();
    }
}
