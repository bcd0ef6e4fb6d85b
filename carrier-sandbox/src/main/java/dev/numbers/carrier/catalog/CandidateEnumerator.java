package dev.numbers.carrier.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Produces the candidate numbers of a search, each at most once, in a deterministic order and
 * with bounded work.
 *
 * <p>Every search prefix is combined with every position where {@code contains} can start (and
 * with {@code endsWith}) into {@link DigitTemplate}s, so vanity patterns are built into the
 * candidates instead of being searched for. Candidates are dealt round-robin: round 0 takes the
 * first candidate of every template in order, round 1 the second, and so on, which spreads
 * results over area codes and exchanges.
 *
 * <p>A number could be produced by two templates; it is only kept from the one that owns it: the
 * longest search prefix (of the same length) it starts with, and the first position where
 * {@code contains} occurs in it.
 *
 * <p>Work is bounded by a step budget (a step is building a template or producing a candidate);
 * templates whose candidates libphonenumber keeps rejecting are given up.
 */
final class CandidateEnumerator {

    /** A candidate national number and the template that produced it. */
    record Candidate(String nationalNumber, DigitTemplate template) {
    }

    private final List<SearchPrefix> prefixes;
    private final Set<String> prefixKeys = new HashSet<>();
    private final int longestPrefix;
    private final String contains;
    private final String endsWith;
    private final long seed;
    private final long stepBudget;
    private final List<DigitTemplate> templates = new ArrayList<>();

    private long steps;
    private boolean buildingTemplates = true;
    private int nextPrefixIndex;
    private int nextContainsPosition;
    private int round;
    private int nextTemplateIndex;
    private boolean anyTemplateLiveThisRound;

    /**
     * @param prefixes   where candidates come from, in order
     * @param contains   digits every candidate contains, or {@code null}
     * @param endsWith   digits every candidate ends with, or {@code null}
     * @param seed       the catalog seed, which shuffles the order inside each template
     * @param stepBudget the most steps {@link #next()} may take in total
     */
    CandidateEnumerator(List<SearchPrefix> prefixes, String contains, String endsWith, long seed, long stepBudget) {
        this.prefixes = prefixes;
        int longest = 0;
        for (SearchPrefix prefix : prefixes) {
            prefixKeys.add(prefix.key());
            longest = Math.max(longest, prefix.digits().length());
        }
        this.longestPrefix = longest;
        this.contains = contains;
        this.endsWith = endsWith;
        this.seed = seed;
        this.stepBudget = stepBudget;
    }

    /** The next candidate, or {@code null} when there are no more or the budget is spent. */
    Candidate next() {
        while (steps < stepBudget) {
            steps++;
            if (buildingTemplates) {
                DigitTemplate template = buildNextTemplate();
                if (template == null) {
                    continue;
                }
                templates.add(template);
                Candidate candidate = candidateOf(template, 0);
                if (candidate != null) {
                    return candidate;
                }
                continue;
            }
            if (nextTemplateIndex == templates.size()) {
                if (!anyTemplateLiveThisRound) {
                    return null;
                }
                round++;
                nextTemplateIndex = 0;
                anyTemplateLiveThisRound = false;
                continue;
            }
            DigitTemplate template = templates.get(nextTemplateIndex++);
            if (template.isBarren() || round >= template.size()) {
                continue;
            }
            anyTemplateLiveThisRound = true;
            Candidate candidate = candidateOf(template, round);
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Builds the template for the current (prefix, contains position) pair and advances to the
     * next pair; returns {@code null} for a pair whose patterns conflict. When all pairs are
     * built, switches to round 1.
     */
    private DigitTemplate buildNextTemplate() {
        if (nextPrefixIndex == prefixes.size()) {
            buildingTemplates = false;
            round = 1;
            nextTemplateIndex = 0;
            anyTemplateLiveThisRound = true;
            return null;
        }
        SearchPrefix prefix = prefixes.get(nextPrefixIndex);
        int position = nextContainsPosition;
        int lastPosition = contains == null ? 0 : prefix.nationalLength() - contains.length();
        if (position >= lastPosition) {
            nextPrefixIndex++;
            nextContainsPosition = 0;
        } else {
            nextContainsPosition++;
        }
        if (position > lastPosition) {
            return null;
        }
        return DigitTemplate.create(prefix, contains, position, endsWith, seed);
    }

    private Candidate candidateOf(DigitTemplate template, int ordinal) {
        String number = template.candidate(ordinal);
        if (!isOwnedBy(template, number)) {
            return null;
        }
        return new Candidate(number, template);
    }

    private boolean isOwnedBy(DigitTemplate template, String number) {
        if (contains != null && number.indexOf(contains) != template.containsPosition()) {
            return false;
        }
        SearchPrefix source = template.source();
        int longest = Math.min(longestPrefix, number.length() - 1);
        for (int length = longest; length > source.digits().length(); length--) {
            if (prefixKeys.contains(number.substring(0, length) + "/" + number.length())) {
                return false;
            }
        }
        return true;
    }
}
