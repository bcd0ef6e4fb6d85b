package dev.numbers.carrier.catalog;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The carrier's price list: one {@link Price} per country and number type, in the country's
 * billing currency (US and Canada bill in USD). This is the only place prices are written down.
 */
public final class PriceTable {

    private final Map<String, Price> prices = new HashMap<>();

    /** The sandbox carrier's standard prices. */
    public static PriceTable standard() {
        PriceTable table = new PriceTable();
        table.put("US", NumberType.LOCAL, 100, 100, "USD");
        table.put("US", NumberType.TOLL_FREE, 200, 200, "USD");
        table.put("CA", NumberType.LOCAL, 100, 100, "USD");
        table.put("GB", NumberType.LOCAL, 150, 150, "GBP");
        table.put("GB", NumberType.MOBILE, 300, 300, "GBP");
        table.put("GB", NumberType.TOLL_FREE, 500, 500, "GBP");
        table.put("GB", NumberType.NATIONAL, 200, 200, "GBP");
        table.put("DE", NumberType.LOCAL, 100, 100, "EUR");
        table.put("DE", NumberType.MOBILE, 300, 300, "EUR");
        table.put("DE", NumberType.TOLL_FREE, 500, 500, "EUR");
        table.put("DE", NumberType.NATIONAL, 200, 200, "EUR");
        table.put("FR", NumberType.LOCAL, 100, 100, "EUR");
        table.put("FR", NumberType.MOBILE, 300, 300, "EUR");
        table.put("FR", NumberType.TOLL_FREE, 500, 500, "EUR");
        table.put("FR", NumberType.NATIONAL, 200, 200, "EUR");
        table.put("NL", NumberType.LOCAL, 100, 100, "EUR");
        table.put("NL", NumberType.MOBILE, 300, 300, "EUR");
        table.put("NL", NumberType.TOLL_FREE, 500, 500, "EUR");
        table.put("NL", NumberType.NATIONAL, 200, 200, "EUR");
        table.put("AU", NumberType.LOCAL, 300, 300, "AUD");
        table.put("AU", NumberType.MOBILE, 500, 500, "AUD");
        table.put("AU", NumberType.TOLL_FREE, 1000, 1000, "AUD");
        table.put("AU", NumberType.NATIONAL, 400, 400, "AUD");
        return table;
    }

    private void put(String countryCode, NumberType type, long setupMinor, long monthlyMinor, String currency) {
        prices.put(key(countryCode, type), new Price(setupMinor, monthlyMinor, currency));
    }

    /** The price of a type of number in a country, or empty when the carrier does not sell it. */
    public Optional<Price> priceOf(String countryCode, NumberType type) {
        return Optional.ofNullable(prices.get(key(countryCode, type)));
    }

    private static String key(String countryCode, NumberType type) {
        return countryCode + "/" + type.name();
    }
}
