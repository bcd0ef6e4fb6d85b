package dev.numbers.ownership.orders;

/** Where one purchase saga stands; the {@code orders.state} column. */
public enum OrderState {
  CLAIMING("claiming"),
  DEBITING("debiting"),
  ORDERING("ordering"),
  COMPENSATING("compensating"),
  SUCCEEDED("succeeded"),
  FAILED("failed");

  private final String column;

  OrderState(String column) {
    this.column = column;
  }

  public String column() {
    return column;
  }

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED;
  }

  /** What the public order resource shows: pending, succeeded or failed. */
  public String publicStatus() {
    return terminal() ? column : "pending";
  }

  public static OrderState of(String column) {
    for (OrderState state : values()) {
      if (state.column.equals(column)) {
        return state;
      }
    }
    throw new IllegalArgumentException("unknown order state " + column);
  }
}
