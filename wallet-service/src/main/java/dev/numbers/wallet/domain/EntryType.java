package dev.numbers.wallet.domain;

/** The three kinds of ledger entry; the wire name is the lower-case word. */
public enum EntryType {
  TOPUP("topup"),
  DEBIT("debit"),
  REFUND("refund");

  private final String wireName;

  EntryType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static EntryType fromWireName(String name) {
    for (EntryType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException("not a ledger entry type: " + name);
  }
}
