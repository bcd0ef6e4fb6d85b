package dev.numbers.inventory.carrier;

import java.util.List;

/** An area code as the carrier knows it: its state/province and the nearby codes in the same one. */
public record AreaCode(String code, String administrativeArea, List<String> nearby) {

  public AreaCode {
    nearby = nearby == null ? List.of() : List.copyOf(nearby);
  }
}
