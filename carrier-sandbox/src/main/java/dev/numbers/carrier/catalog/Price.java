package dev.numbers.carrier.catalog;

import java.util.Objects;

/**
 * What a number costs, in integer minor units of {@code currency} (cents, pence).
 *
 * @param setupCostMinor   one-off charge at purchase
 * @param monthlyCostMinor recurring monthly charge
 * @param currency         ISO 4217 code
 */
public record Price(long setupCostMinor, long monthlyCostMinor, String currency) {

    public Price {
        if (setupCostMinor < 0 || monthlyCostMinor < 0) {
            throw new IllegalArgumentException("a price cannot be negative");
        }
        Objects.requireNonNull(currency, "currency");
    }
}
