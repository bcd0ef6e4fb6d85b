package dev.numbers.carrier.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The blocks of numbers the catalog sells in one country, independent of any seed.
 *
 * <p>Local blocks: in North America one block per area code of {@link NanpDirectory}; elsewhere
 * one block per geographic prefix of the country's geocoding lines, at the first national length
 * of {@link CountryProfile#localLengths()} for which libphonenumber accepts a sample number.
 * Mobile, toll-free and national blocks: one per three-digit national prefix and length of
 * {@link CountryProfile#nonGeographicLengths()} at which libphonenumber accepts a sample number
 * of that type, split into four-digit prefixes when only some of them hold valid numbers.
 *
 * <p>A number belongs to at most one block ({@link #blockFor}): the block of its area code in
 * North America, the block of its longest geographic prefix elsewhere (only if its length is the
 * block's length), or the block of its first four or three digits and length for other types.
 */
final class CountryInventory {

    private static final String[] SAMPLE_FILLERS = {"2345678901234", "0567890123456", "8642097531864"};

    private final CountryProfile profile;
    private final NanpDirectory nanpDirectory;
    private final List<NumberBlock> localBlocks;
    private final Map<String, NumberBlock> localBlocksByPrefix;
    private final int longestLocalPrefix;
    private final Map<NumberType, List<NumberBlock>> nonGeographicBlocks;
    private final Map<String, NumberBlock> nonGeographicBlocksByKey;

    private CountryInventory(CountryProfile profile, NanpDirectory nanpDirectory, List<NumberBlock> localBlocks,
            Map<NumberType, List<NumberBlock>> nonGeographicBlocks) {
        this.profile = profile;
        this.nanpDirectory = nanpDirectory;
        this.localBlocks = List.copyOf(localBlocks);
        this.localBlocksByPrefix = new HashMap<>();
        int longest = 0;
        for (NumberBlock block : localBlocks) {
            localBlocksByPrefix.put(block.prefix(), block);
            longest = Math.max(longest, block.prefix().length());
        }
        this.longestLocalPrefix = longest;
        this.nonGeographicBlocks = nonGeographicBlocks;
        this.nonGeographicBlocksByKey = new HashMap<>();
        for (List<NumberBlock> blocks : nonGeographicBlocks.values()) {
            for (NumberBlock block : blocks) {
                nonGeographicBlocksByKey.put(nonGeographicKey(block.numberType(), block.prefix(), block.nationalLength()), block);
            }
        }
    }

    /** Builds the inventory of a country, asking libphonenumber about sample numbers. */
    static CountryInventory build(CountryProfile profile, NumberClassifier classifier) {
        NanpDirectory nanpDirectory = null;
        List<NumberBlock> localBlocks;
        if (profile.nanp()) {
            nanpDirectory = NanpDirectory.load(profile.regionCode(), classifier);
            localBlocks = nanpLocalBlocks(profile, nanpDirectory);
        } else {
            localBlocks = geographicBlocks(profile, classifier);
        }
        Map<NumberType, List<NumberBlock>> nonGeographic = new EnumMap<>(NumberType.class);
        for (NumberType type : profile.numberTypes()) {
            if (type != NumberType.LOCAL) {
                nonGeographic.put(type, nonGeographicBlocks(profile, type, classifier));
            }
        }
        return new CountryInventory(profile, nanpDirectory, localBlocks, nonGeographic);
    }

    CountryProfile profile() {
        return profile;
    }

    /** The blocks of one number type, in ascending prefix order. */
    List<NumberBlock> blocks(NumberType type) {
        if (type == NumberType.LOCAL) {
            return localBlocks;
        }
        List<NumberBlock> blocks = nonGeographicBlocks.get(type);
        return blocks == null ? List.of() : blocks;
    }

    /** The block a national number of the given type belongs to, if the catalog sells it. */
    Optional<NumberBlock> blockFor(NumberType type, String nationalNumber) {
        if (type == NumberType.LOCAL) {
            return Optional.ofNullable(localBlockFor(nationalNumber));
        }
        if (nationalNumber.length() < 5) {
            return Optional.empty();
        }
        NumberBlock narrow = nonGeographicBlocksByKey.get(
                nonGeographicKey(type, nationalNumber.substring(0, 4), nationalNumber.length()));
        if (narrow != null) {
            return Optional.of(narrow);
        }
        String key = nonGeographicKey(type, nationalNumber.substring(0, 3), nationalNumber.length());
        return Optional.ofNullable(nonGeographicBlocksByKey.get(key));
    }

    /**
     * Where a search with these filters generates candidates, in a fixed order. Each prefix
     * covers some numbers that may match; numbers outside all of them cannot.
     *
     * @param type               number type
     * @param areaCode           national digits the numbers must start with, or {@code null}
     * @param locality           locality, or {@code null}
     * @param administrativeArea state or region, or {@code null}
     */
    List<SearchPrefix> searchPrefixes(NumberType type, String areaCode, String locality, String administrativeArea) {
        List<SearchPrefix> base = new ArrayList<>();
        if (locality != null) {
            if (type != NumberType.LOCAL) {
                return List.of();
            }
            base.addAll(localityPrefixes(locality));
        } else {
            for (NumberBlock block : blocks(type)) {
                base.add(new SearchPrefix(block, block.prefix()));
            }
        }
        Map<String, SearchPrefix> byKey = new LinkedHashMap<>();
        for (SearchPrefix candidate : base) {
            NumberBlock block = candidate.block();
            if (administrativeArea != null && !administrativeArea.equalsIgnoreCase(block.administrativeArea())) {
                continue;
            }
            String digits = candidate.digits();
            if (areaCode != null) {
                if (digits.startsWith(areaCode)) {
                    digits = candidate.digits();
                } else if (areaCode.startsWith(digits) && areaCode.length() < block.nationalLength()) {
                    digits = areaCode;
                } else {
                    continue;
                }
            }
            SearchPrefix narrowed = new SearchPrefix(block, digits);
            SearchPrefix existing = byKey.get(narrowed.key());
            if (existing == null || existing.block().prefix().length() < block.prefix().length()) {
                byKey.put(narrowed.key(), narrowed);
            }
        }
        return List.copyOf(byKey.values());
    }

    /**
     * The area codes of local blocks in an administrative area (case-insensitive), or of all
     * local blocks when it is {@code null}; sorted.
     */
    List<String> areaCodesIn(String administrativeArea) {
        TreeSet<String> areaCodes = new TreeSet<>();
        for (NumberBlock block : localBlocks) {
            if (block.areaCode() == null) {
                continue;
            }
            if (administrativeArea == null || administrativeArea.equalsIgnoreCase(block.administrativeArea())) {
                areaCodes.add(block.areaCode());
            }
        }
        return List.copyOf(areaCodes);
    }

    /** The administrative area of an area code, when its local blocks have one. */
    Optional<String> administrativeAreaOf(String areaCode) {
        for (NumberBlock block : localBlocks) {
            if (areaCode.equals(block.areaCode()) && block.administrativeArea() != null) {
                return Optional.of(block.administrativeArea());
            }
        }
        return Optional.empty();
    }

    private NumberBlock localBlockFor(String nationalNumber) {
        if (nanpDirectory != null) {
            NanpAreaCode areaCode = nanpDirectory.areaCodeOf(nationalNumber);
            if (areaCode == null || nationalNumber.length() != 10) {
                return null;
            }
            return localBlocksByPrefix.get(areaCode.npa());
        }
        int longest = Math.min(longestLocalPrefix, nationalNumber.length() - 1);
        for (int length = longest; length >= 1; length--) {
            NumberBlock block = localBlocksByPrefix.get(nationalNumber.substring(0, length));
            if (block != null) {
                return block.nationalLength() == nationalNumber.length() ? block : null;
            }
        }
        return null;
    }

    private List<SearchPrefix> localityPrefixes(String locality) {
        List<SearchPrefix> prefixes = new ArrayList<>();
        if (nanpDirectory != null) {
            for (String prefix : nanpDirectory.prefixesOfLocality(locality)) {
                prefixes.add(new SearchPrefix(localBlocksByPrefix.get(prefix.substring(0, 3)), prefix));
            }
            return prefixes;
        }
        for (NumberBlock block : localBlocks) {
            if (locality.equalsIgnoreCase(block.locality())) {
                prefixes.add(new SearchPrefix(block, block.prefix()));
            }
        }
        return prefixes;
    }

    private static List<NumberBlock> nanpLocalBlocks(CountryProfile profile, NanpDirectory directory) {
        List<NumberBlock> blocks = new ArrayList<>();
        for (NanpAreaCode areaCode : directory.areaCodes()) {
            blocks.add(new NumberBlock(profile.regionCode(), NumberType.LOCAL, areaCode.npa(), 10,
                    areaCode.npa(), null, areaCode.administrativeArea(), areaCode));
        }
        return blocks;
    }

    private static List<NumberBlock> geographicBlocks(CountryProfile profile, NumberClassifier classifier) {
        TreeMap<String, String> descriptionsByPrefix = new TreeMap<>();
        List<String> lines = profile.geographyLines().isEmpty()
                ? Geocoding.instance().prefixLines(profile.callingCode(), profile.geocodedPrefixDigits(),
                        profile.localLengths().get(0))
                : profile.geographyLines();
        for (String line : lines) {
            int bar = line.indexOf('|');
            descriptionsByPrefix.put(line.substring(0, bar), line.substring(bar + 1));
        }
        Map<String, String> regionByPrefix = new HashMap<>();
        for (Map.Entry<String, String> entry : descriptionsByPrefix.entrySet()) {
            String region = profile.regionDescriptions().get(entry.getValue());
            if (region != null) {
                regionByPrefix.put(entry.getKey(), region);
            }
        }
        List<NumberBlock> blocks = new ArrayList<>();
        for (Map.Entry<String, String> entry : descriptionsByPrefix.entrySet()) {
            String prefix = entry.getKey();
            String description = entry.getValue();
            String locality = profile.regionDescriptions().containsKey(description) ? null : description;
            String administrativeArea = longestPrefixValue(regionByPrefix, prefix);
            for (int length : profile.localLengths()) {
                if (length <= prefix.length()) {
                    continue;
                }
                String sample = validSample(profile, NumberType.LOCAL, prefix, length, List.of(), classifier);
                if (sample != null) {
                    int areaCodeLength = classifier.areaCodeLength(profile.callingCode(), sample);
                    String areaCode = areaCodeLength > 0 ? sample.substring(0, areaCodeLength) : prefix;
                    blocks.add(new NumberBlock(profile.regionCode(), NumberType.LOCAL, prefix, length,
                            areaCode, locality, administrativeArea, null));
                    break;
                }
            }
        }
        return Collections.unmodifiableList(blocks);
    }

    private static List<NumberBlock> nonGeographicBlocks(CountryProfile profile, NumberType type,
            NumberClassifier classifier) {
        List<NumberBlock> blocks = new ArrayList<>();
        List<String> examples = classifier.exampleNumbers(profile.regionCode(), type);
        int firstPrefix = profile.nanp() ? 200 : 100;
        for (int prefixValue = firstPrefix; prefixValue <= 999; prefixValue++) {
            String prefix = Integer.toString(prefixValue);
            for (int length : profile.nonGeographicLengths()) {
                if (validSample(profile, type, prefix, length, examples, classifier) == null) {
                    continue;
                }
                String areaCode = profile.nanp() ? prefix : null;
                List<String> narrowed = validFourDigitPrefixes(profile, type, prefix, length, examples, classifier);
                if (narrowed.size() == 10) {
                    blocks.add(new NumberBlock(profile.regionCode(), type, prefix, length, areaCode, null, null, null));
                    continue;
                }
                for (String fourDigitPrefix : narrowed) {
                    blocks.add(new NumberBlock(profile.regionCode(), type, fourDigitPrefix, length, areaCode,
                            null, null, null));
                }
            }
        }
        return Collections.unmodifiableList(blocks);
    }

    /**
     * The four-digit extensions of a three-digit prefix that still hold valid numbers of the
     * type, so that sparse ranges (Australia's 1800 inside 180) do not waste candidates.
     */
    private static List<String> validFourDigitPrefixes(CountryProfile profile, NumberType type, String prefix,
            int length, List<String> examples, NumberClassifier classifier) {
        List<String> prefixes = new ArrayList<>();
        for (char digit = '0'; digit <= '9'; digit++) {
            String longer = prefix + digit;
            if (length > longer.length() && validSample(profile, type, longer, length, examples, classifier) != null) {
                prefixes.add(longer);
            }
        }
        return prefixes;
    }

    /**
     * A number of the block that libphonenumber accepts as the type in the country, or
     * {@code null}. Tries fixed digit fillers, then any example number that lies in the block.
     */
    private static String validSample(CountryProfile profile, NumberType type, String prefix, int length,
            List<String> examples, NumberClassifier classifier) {
        List<String> samples = new ArrayList<>();
        for (String filler : SAMPLE_FILLERS) {
            samples.add(prefix + filler.substring(0, length - prefix.length()));
        }
        for (String example : examples) {
            if (example.length() == length && example.startsWith(prefix)) {
                samples.add(example);
            }
        }
        for (String sample : samples) {
            if (!classifier.isValidForRegion(profile.callingCode(), sample, profile.regionCode())) {
                continue;
            }
            NumberClassifier.Classification classification = classifier.classify(profile.callingCode(), sample);
            if (classification != null
                    && classification.regionCode().equals(profile.regionCode())
                    && type.includes(classification.type())) {
                return sample;
            }
        }
        return null;
    }

    private static String longestPrefixValue(Map<String, String> valuesByPrefix, String digits) {
        for (int length = digits.length(); length >= 1; length--) {
            String value = valuesByPrefix.get(digits.substring(0, length));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String nonGeographicKey(NumberType type, String prefix, int length) {
        return type.name() + "/" + prefix + "/" + length;
    }
}
