package dev.numbers.carrier.catalog;

/**
 * Maps vanity text to digits the way a phone keypad does: {@code PIZZA} becomes {@code 74992}.
 * Letters are case-insensitive; digits pass through unchanged.
 */
public final class Keypad {

    private Keypad() {
    }

    /**
     * Converts letters to their keypad digits and keeps digits.
     *
     * @throws IllegalArgumentException when the text is null, empty or holds anything but ASCII
     *     letters and digits
     */
    public static String toDigits(String vanity) {
        if (vanity == null || vanity.isEmpty()) {
            throw new IllegalArgumentException("vanity text is empty");
        }
        StringBuilder digits = new StringBuilder(vanity.length());
        for (int i = 0; i < vanity.length(); i++) {
            digits.append(digitOf(vanity.charAt(i)));
        }
        return digits.toString();
    }

    private static char digitOf(char c) {
        if (c >= '0' && c <= '9') {
            return c;
        }
        char upper = (c >= 'a' && c <= 'z') ? (char) (c - 'a' + 'A') : c;
        switch (upper) {
            case 'A': case 'B': case 'C':
                return '2';
            case 'D': case 'E': case 'F':
                return '3';
            case 'G': case 'H': case 'I':
                return '4';
            case 'J': case 'K': case 'L':
                return '5';
            case 'M': case 'N': case 'O':
                return '6';
            case 'P': case 'Q': case 'R': case 'S':
                return '7';
            case 'T': case 'U': case 'V':
                return '8';
            case 'W': case 'X': case 'Y': case 'Z':
                return '9';
            default:
                throw new IllegalArgumentException("not a keypad character: '" + c + "'");
        }
    }
}
