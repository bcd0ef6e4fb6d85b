/**
 * The sandbox carrier's number catalog: plain Java, no I/O.
 *
 * <p>{@link dev.numbers.carrier.catalog.NumberCatalog} generates a deterministic inventory of
 * valid numbers (libphonenumber decides validity and type; its offline geocoder,
 * {@code com.googlecode.libphonenumber:geocoder}, gives locality and state) and
 * answers searches ({@link dev.numbers.carrier.catalog.CatalogQuery}), single-number lookups,
 * the "already on the customer's account" rule used by imports, and area-code geography used to
 * widen searches. {@link dev.numbers.carrier.catalog.Keypad} turns vanity letters into digits;
 * {@link dev.numbers.carrier.catalog.PriceTable} holds every price.
 */
package dev.numbers.carrier.catalog;
