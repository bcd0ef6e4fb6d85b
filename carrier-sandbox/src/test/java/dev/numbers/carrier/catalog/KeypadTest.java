package dev.numbers.carrier.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeypadTest {

    @Test
    void lettersMapToTheirKeypadDigits() {
        assertThat(Keypad.toDigits("PIZZA")).isEqualTo("74992");
        assertThat(Keypad.toDigits("ABCDEFGHIJKLMNOPQRSTUVWXYZ")).isEqualTo("22233344455566677778889999");
    }

    @Test
    void lowerCaseLettersMapLikeUpperCase() {
        assertThat(Keypad.toDigits("pizza")).isEqualTo("74992");
    }

    @Test
    void digitsPassThroughAndMixWithLetters() {
        assertThat(Keypad.toDigits("0123456789")).isEqualTo("0123456789");
        assertThat(Keypad.toDigits("1800FLOWERS")).isEqualTo("18003569377");
    }

    @Test
    void rejectsAnythingButLettersAndDigits() {
        assertThatThrownBy(() -> Keypad.toDigits("PIZZA!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keypad.toDigits("555 1234")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keypad.toDigits("+1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keypad.toDigits("\u00c9")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsEmptyAndNull() {
        assertThatThrownBy(() -> Keypad.toDigits("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Keypad.toDigits(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
