package dev.numbers.inventory.search;

import java.util.Locale;

/** Letters on a phone keypad: {@code PIZZA} is dialled 74992. */
public final class Keypad {

  private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String DIGITS = "22233344455566677778889999";

  private Keypad() {
  }

  /** Digits unchanged, letters (either case) mapped to their key; null when anything else appears. */
  public static String toDigits(String text) {
    StringBuilder digits = new StringBuilder(text.length());
    for (char c : text.toUpperCase(Locale.ROOT).toCharArray()) {
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else {
        int letter = LETTERS.indexOf(c);
        if (letter < 0) {
          return null;
        }
        digits.append(DIGITS.charAt(letter));
      }
    }
    return digits.toString();
  }
}
