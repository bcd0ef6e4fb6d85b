package dev.numbers.carrier.catalog;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which features a number has, decided by its {@link NumberHash}:
 * <ul>
 *   <li>local: voice always; sms 90%; mms 40% (only with sms); fax 8%</li>
 *   <li>mobile: voice and sms always; mms 70%; never fax</li>
 *   <li>toll_free: voice always; sms 30%; never mms or fax</li>
 *   <li>national: voice always; sms 50%; fax 8%; never mms</li>
 * </ul>
 */
final class FeatureRules {

    private FeatureRules() {
    }

    static Set<Feature> featuresOf(NumberType type, long hash) {
        int first = NumberHash.firstPercentile(hash);
        int second = NumberHash.secondPercentile(hash);
        int third = NumberHash.thirdPercentile(hash);
        EnumSet<Feature> features = EnumSet.of(Feature.VOICE);
        switch (type) {
            case LOCAL:
                if (first < 90) {
                    features.add(Feature.SMS);
                    if (second < 40) {
                        features.add(Feature.MMS);
                    }
                }
                if (third < 8) {
                    features.add(Feature.FAX);
                }
                break;
            case MOBILE:
                features.add(Feature.SMS);
                if (second < 70) {
                    features.add(Feature.MMS);
                }
                break;
            case TOLL_FREE:
                if (first < 30) {
                    features.add(Feature.SMS);
                }
                break;
            case NATIONAL:
                if (first < 50) {
                    features.add(Feature.SMS);
                }
                if (third < 8) {
                    features.add(Feature.FAX);
                }
                break;
            default:
                throw new IllegalStateException("unhandled number type " + type);
        }
        return features;
    }

    /** Whether any number of {@code type} can have all of {@code required}. */
    static boolean canHaveAll(NumberType type, Set<Feature> required) {
        return possibleFeatures(type).containsAll(required);
    }

    private static Set<Feature> possibleFeatures(NumberType type) {
        switch (type) {
            case LOCAL:
                return EnumSet.allOf(Feature.class);
            case MOBILE:
                return EnumSet.of(Feature.VOICE, Feature.SMS, Feature.MMS);
            case TOLL_FREE:
                return EnumSet.of(Feature.VOICE, Feature.SMS);
            case NATIONAL:
                return EnumSet.of(Feature.VOICE, Feature.SMS, Feature.FAX);
            default:
                throw new IllegalStateException("unhandled number type " + type);
        }
    }
}
