package dev.numbers.carrier.catalog;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The sandbox carrier's number inventory: a deterministic, generated catalog of valid numbers in
 * the US, Canada, the UK, Germany, France, the Netherlands and Australia.
 *
 * <h2>What is offered</h2>
 * A number is <em>offered</em> when all of these hold:
 * <ol>
 *   <li>libphonenumber finds it valid, in a supported country, of a type sold there
 *       ({@link CountryProfiles}, {@link NumberType});</li>
 *   <li>it lies in one of the country's blocks ({@link CountryInventory}): for local numbers an
 *       area code or geographic prefix that libphonenumber's geocoding data describes;</li>
 *   <li>its {@link NumberHash} under this catalog's seed falls in the offered bucket (35% of
 *       numbers), so every area code offers hundreds of thousands of numbers.</li>
 * </ol>
 * Nothing is listed by hand and nothing is stored: {@link #lookup} and {@link #search} compute the
 * same answer from the number itself, so they always agree. Locality and administrative area come
 * from libphonenumber's offline geocoder (see {@link Geocoding}, {@link NanpDirectory} and
 * {@link CountryInventory}); features from {@link FeatureRules}; prices from {@link PriceTable}
 * (USD everywhere).
 *
 * <h2>Numbers already on a customer's account (imports)</h2>
 * {@link #onCustomerAccount} is true exactly when the number is a valid E.164 number for
 * libphonenumber, the carrier does <em>not</em> offer it ({@link #lookup} is empty), and its
 * {@link NumberHash} under this catalog's seed has the sign bit set: about half of all valid
 * numbers that are not for sale. {@link #sampleImportableNumber} lists such numbers.
 *
 * <h2>Cost</h2>
 * Searches build candidates that already carry the requested area code and digit patterns, and
 * stop after a fixed amount of work, so a query that nothing matches answers quickly with an
 * empty list. Country data is built once per JVM on first use and shared by all catalogs.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class NumberCatalog {

    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 20_240_601L;

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final long STEP_BUDGET = 200_000;
    private static final int BASE_VALIDATION_BUDGET = 2_000;
    private static final ConcurrentMap<String, CountryInventory> INVENTORIES = new ConcurrentHashMap<>();

    private final long seed;
    private final PriceTable prices;
    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final NumberClassifier classifier = new NumberClassifier(util);

    /** A catalog with the {@link #DEFAULT_SEED} and the standard prices. */
    public NumberCatalog() {
        this(DEFAULT_SEED);
    }

    /** A catalog whose offered numbers and features are decided by {@code seed}. */
    public NumberCatalog(long seed) {
        this(seed, PriceTable.standard());
    }

    /** A catalog with its own seed and price list. */
    public NumberCatalog(long seed, PriceTable prices) {
        this.seed = seed;
        this.prices = prices;
    }

    public long seed() {
        return seed;
    }

    /** The countries the carrier sells numbers in (ISO 3166-1 alpha-2). */
    public List<String> countries() {
        return CountryProfiles.regionCodes();
    }

    /** The number types sold in a country, empty for an unsupported country. */
    public Set<NumberType> numberTypes(String countryCode) {
        Optional<CountryProfile> profile = CountryProfiles.find(countryCode);
        return profile.isPresent() ? profile.get().numberTypes() : Set.of();
    }

    /**
     * Offered numbers matching the query, at most {@code query.limit()} of them, in a fixed order
     * for a given seed and query. Numbers for which {@code excluded} answers true (sold or held
     * elsewhere) are skipped and do not count towards {@code query.offset()}.
     */
    public List<CatalogNumber> search(CatalogQuery query, Predicate<String> excluded) {
        Optional<CountryProfile> found = CountryProfiles.find(query.countryCode());
        if (found.isEmpty() || !found.get().sells(query.numberType())
                || !FeatureRules.canHaveAll(query.numberType(), query.features())) {
            return List.of();
        }
        CountryProfile profile = found.get();
        CountryInventory inventory = inventoryOf(profile);
        String areaCode = profile.nationalAreaCode(query.areaCode());
        List<SearchPrefix> prefixes = inventory.searchPrefixes(query.numberType(), areaCode,
                query.locality(), query.administrativeArea());
        if (prefixes.isEmpty()) {
            return List.of();
        }
        CandidateEnumerator candidates = new CandidateEnumerator(prefixes, query.contains(), query.endsWith(),
                seed, STEP_BUDGET);
        int validationsLeft = BASE_VALIDATION_BUDGET + 4 * (query.offset() + query.limit());
        int toSkip = query.offset();
        List<CatalogNumber> results = new ArrayList<>();
        while (results.size() < query.limit() && validationsLeft > 0) {
            CandidateEnumerator.Candidate candidate = candidates.next();
            if (candidate == null) {
                break;
            }
            String nationalNumber = candidate.nationalNumber();
            String e164 = "+" + profile.callingCode() + nationalNumber;
            long hash = NumberHash.of(seed, e164);
            if (!NumberHash.isOffered(hash)
                    || !FeatureRules.featuresOf(query.numberType(), hash).containsAll(query.features())
                    || excluded.test(e164)) {
                continue;
            }
            validationsLeft--;
            Optional<CatalogNumber> described = describe(inventory, nationalNumber, hash);
            if (described.isEmpty() || described.get().numberType() != query.numberType()) {
                candidate.template().recordInvalid();
                continue;
            }
            candidate.template().recordValid();
            if (!matches(query, areaCode, nationalNumber, described.get())) {
                continue;
            }
            if (toSkip > 0) {
                toSkip--;
                continue;
            }
            results.add(described.get());
        }
        return results;
    }

    /**
     * Whether the carrier offers this number, and its attributes. Agrees with {@link #search}:
     * every number a search returns is found here with the same attributes.
     *
     * @param e164 a number in E.164 form; anything else is simply not offered
     */
    public Optional<CatalogNumber> lookup(String e164) {
        if (e164 == null || !E164.matcher(e164).matches() || !NumberHash.isOffered(NumberHash.of(seed, e164))) {
            return Optional.empty();
        }
        return describe(e164);
    }

    /**
     * The attributes the catalog gives a number of one of its blocks (place, features, price),
     * whether or not it is offered: how the carrier describes a number already on a customer's
     * account. Empty for numbers outside the catalog's countries, types and blocks.
     *
     * @param e164 a number in E.164 form; anything else is empty
     */
    public Optional<CatalogNumber> describe(String e164) {
        PhoneNumber number = parseE164(e164);
        if (number == null) {
            return Optional.empty();
        }
        String regionCode = util.getRegionCodeForNumber(number);
        Optional<CountryProfile> profile = regionCode == null ? Optional.empty() : CountryProfiles.find(regionCode);
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        String nationalNumber = util.getNationalSignificantNumber(number);
        return describe(inventoryOf(profile.get()), nationalNumber, NumberHash.of(seed, e164));
    }

    /**
     * Whether this valid number is already on the customer's account at another carrier, so it
     * can be imported: valid for libphonenumber, not offered by this carrier, and in the import
     * bucket of its hash (see the class description). False for anything not in E.164 form.
     */
    public boolean onCustomerAccount(String e164) {
        PhoneNumber number = parseE164(e164);
        if (number == null || !util.isValidNumber(number)) {
            return false;
        }
        return NumberHash.isInImportBucket(NumberHash.of(seed, e164)) && lookup(e164).isEmpty();
    }

    /**
     * The {@code n}-th (from 0) number of a country and area code for which
     * {@link #onCustomerAccount} is true, in a fixed order; empty when the country or area code is
     * unknown or {@code n} is too large to find with bounded work.
     */
    public Optional<String> sampleImportableNumber(String countryCode, String areaCode, int n) {
        Optional<CountryProfile> found = CountryProfiles.find(countryCode);
        if (found.isEmpty() || n < 0) {
            return Optional.empty();
        }
        CountryProfile profile = found.get();
        CountryInventory inventory = inventoryOf(profile);
        String nationalAreaCode = profile.nationalAreaCode(areaCode);
        int seen = 0;
        for (NumberType type : profile.numberTypes()) {
            List<SearchPrefix> prefixes = inventory.searchPrefixes(type, nationalAreaCode, null, null);
            if (prefixes.isEmpty()) {
                continue;
            }
            CandidateEnumerator candidates = new CandidateEnumerator(prefixes, null, null, seed, STEP_BUDGET);
            int validationsLeft = BASE_VALIDATION_BUDGET + 4 * n;
            while (validationsLeft > 0) {
                CandidateEnumerator.Candidate candidate = candidates.next();
                if (candidate == null) {
                    break;
                }
                String e164 = "+" + profile.callingCode() + candidate.nationalNumber();
                if (!NumberHash.isInImportBucket(NumberHash.of(seed, e164))) {
                    continue;
                }
                validationsLeft--;
                if (onCustomerAccount(e164)) {
                    if (seen == n) {
                        return Optional.of(e164);
                    }
                    seen++;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The area codes of a country's local numbers in an administrative area (state or province
     * code, case-insensitive), sorted; all of the country's area codes when it is {@code null}.
     */
    public List<String> areaCodes(String countryCode, String administrativeArea) {
        Optional<CountryProfile> profile = CountryProfiles.find(countryCode);
        if (profile.isEmpty()) {
            return List.of();
        }
        return inventoryOf(profile.get()).areaCodesIn(administrativeArea);
    }

    /** The state or province of an area code, when the catalog knows one. */
    public Optional<String> administrativeAreaOf(String countryCode, String areaCode) {
        Optional<CountryProfile> profile = CountryProfiles.find(countryCode);
        if (profile.isEmpty() || areaCode == null) {
            return Optional.empty();
        }
        return inventoryOf(profile.get()).administrativeAreaOf(profile.get().nationalAreaCode(areaCode));
    }

    /**
     * The other area codes of the same state or province, numerically nearest first (ties: the
     * lower one first); empty when the area code has no known administrative area.
     */
    public List<String> nearbyAreaCodes(String countryCode, String areaCode) {
        Optional<String> administrativeArea = administrativeAreaOf(countryCode, areaCode);
        if (administrativeArea.isEmpty()) {
            return List.of();
        }
        String own = CountryProfiles.find(countryCode).get().nationalAreaCode(areaCode);
        long ownValue = Long.parseLong(own);
        List<String> nearby = new ArrayList<>();
        for (String candidate : areaCodes(countryCode, administrativeArea.get())) {
            if (!candidate.equals(own)) {
                nearby.add(candidate);
            }
        }
        nearby.sort(Comparator.<String>comparingLong(code -> Math.abs(Long.parseLong(code) - ownValue))
                .thenComparingLong(Long::parseLong)
                .thenComparing(Comparator.naturalOrder()));
        return nearby;
    }

    /**
     * The catalog's description of a valid number of a block, or empty when libphonenumber or the
     * inventory does not know it as something the carrier sells. Ignores whether it is offered.
     */
    private Optional<CatalogNumber> describe(CountryInventory inventory, String nationalNumber, long hash) {
        CountryProfile profile = inventory.profile();
        NumberClassifier.Classification classification = classifier.classify(profile.callingCode(), nationalNumber);
        if (classification == null || !classification.regionCode().equals(profile.regionCode())) {
            return Optional.empty();
        }
        NumberType type = NumberType.ofLibphonenumberType(classification.type());
        if (type == null || !profile.sells(type)) {
            return Optional.empty();
        }
        Optional<NumberBlock> block = inventory.blockFor(type, nationalNumber);
        Optional<Price> price = prices.priceOf(profile.regionCode(), type);
        if (block.isEmpty() || price.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CatalogNumber(
                "+" + profile.callingCode() + nationalNumber,
                classifier.nationalFormat(profile.callingCode(), nationalNumber),
                profile.regionCode(),
                type,
                block.get().localityOf(nationalNumber),
                block.get().administrativeArea(),
                FeatureRules.featuresOf(type, hash),
                price.get().setupCostMinor(),
                price.get().monthlyCostMinor(),
                price.get().currency()));
    }

    private static boolean matches(CatalogQuery query, String areaCode, String nationalNumber, CatalogNumber number) {
        if (areaCode != null && !nationalNumber.startsWith(areaCode)) {
            return false;
        }
        if (query.locality() != null && !query.locality().equalsIgnoreCase(number.locality())) {
            return false;
        }
        if (query.administrativeArea() != null
                && !query.administrativeArea().equalsIgnoreCase(number.administrativeArea())) {
            return false;
        }
        if (query.contains() != null && !nationalNumber.contains(query.contains())) {
            return false;
        }
        if (query.endsWith() != null && !nationalNumber.endsWith(query.endsWith())) {
            return false;
        }
        return number.hasFeatures(query.features());
    }

    /** Parses a number only if it is written exactly in E.164 form; otherwise {@code null}. */
    private PhoneNumber parseE164(String e164) {
        if (e164 == null || !E164.matcher(e164).matches()) {
            return null;
        }
        try {
            PhoneNumber number = util.parse(e164, "ZZ");
            if (!e164.equals(util.format(number, PhoneNumberFormat.E164))) {
                return null;
            }
            return number;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private CountryInventory inventoryOf(CountryProfile profile) {
        return INVENTORIES.computeIfAbsent(profile.regionCode(),
                regionCode -> CountryInventory.build(profile, new NumberClassifier(PhoneNumberUtil.getInstance())));
    }
}
