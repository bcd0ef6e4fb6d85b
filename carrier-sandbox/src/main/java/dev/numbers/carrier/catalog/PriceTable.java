package dev.numbers.carrier.catalog;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The carrier's price list: one {@link Price} per country and number type. Every price is in US
 * dollars ({@link #CURRENCY}): the platform's prepaid wallet holds USD only, so the sandbox bills
 * every country in USD, with prices that still differ by country and type. This is the only
 * place prices are written down.
 */
public final class PriceTable {

    /** The one currency the sandbox carrier bills in. */
    public static final String CURRENCY = "USD";

    private final Map<String, Price> prices = new HashMap<>();

    private PriceTable() {
    }

    /** The sandbox carrier's standard prices. */
    public static PriceTable standard() {
        PriceTable table = new PriceTable();
        table.put("US", NumberType.LOCAL, 100, 100);
        table.put("US", NumberType.TOLL_FREE, 200, 200);
        table.put("CA", NumberType.LOCAL, 100, 100);
        table.put("GB", NumberType.LOCAL, 150, 150);
        table.put("GB", NumberType.MOBILE, 300, 300);
        table.put("GB", NumberType.TOLL_FREE, 500, 500);
        table.put("GB", NumberType.NATIONAL, 200, 200);
        table.put("DE", NumberType.LOCAL, 100, 100);
        table.put("DE", NumberType.MOBILE, 300, 300);
        table.put("DE", NumberType.TOLL_FREE, 500, 500);
        table.put("DE", NumberType.NATIONAL, 200, 200);
        table.put("FR", NumberType.LOCAL, 100, 100);
        table.put("FR", NumberType.MOBILE, 300, 300);
        table.put("FR", NumberType.TOLL_FREE, 500, 500);
        table.put("FR", NumberType.NATIONAL, 200, 200);
        table.put("NL", NumberType.LOCAL, 100, 100);
        table.put("NL", NumberType.MOBILE, 300, 300);
        table.put("NL", NumberType.TOLL_FREE, 500, 500);
        table.put("NL", NumberType.NATIONAL, 200, 200);
        table.put("AU", NumberType.LOCAL, 300, 300);
        table.put("AU", NumberType.MOBILE, 500, 500);
        table.put("AU", NumberType.TOLL_FREE, 1000, 1000);
        table.put("AU", NumberType.NATIONAL, 400, 400);
        return table;
    }

    private void put(String countryCode, NumberType type, long setupMinor, long monthlyMinor) {
        prices.put(key(countryCode, type), new Price(setupMinor, monthlyMinor, CURRENCY));
    }

    /** The price of a type of number in a country, or empty when the carrier does not sell it. */
    public Optional<Price> priceOf(String countryCode, NumberType type) {
        return Optional.ofNullable(prices.get(key(countryCode, type)));
    }

    private static String key(String countryCode, NumberType type) {
        return countryCode + "/" + type.name();
    }
}
