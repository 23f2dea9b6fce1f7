package io.nightshift.agent.study.findings;

import io.nightshift.store.Finding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The honesty check of findings, whoever wrote them (computed here, or prose from a language model). A finding
 * passes when
 * <ul>
 *   <li>every trial it cites, in {@code citedTrials} or in its text ("trial #12", "trials 12, 14 and 15",
 *       "#12", "trials 12-15"), is a trial of the question; and</li>
 *   <li>every number its text quotes matches a value of the data within the text's own rounding: "0.97" matches
 *       any value in [0.965, 0.975], "0.9712" one in [0.97115, 0.97125]; signs are ignored (the text may say
 *       "lower by 0.01" or "-0.01"), and "97.1%" may stand for 97.1 or 0.971.</li>
 * </ul>
 * The data are the {@link Facts}: the question's trial ids, its trials' objective values, seeds and parameter
 * values, the design's values, and the numbers of the computed findings (means, sds, intervals). Trial references
 * are not quoted numbers, and neither are digits inside names (fc1, top5_accuracy, resnet-18) or inside the data's
 * own words (an arm's name, a verbatim parameter value such as {@code conv(32,3) relu}). The check does not read
 * meaning: a number that exists in the data but is attached to the wrong thing passes.
 */
public final class FindingsCheck {

    private static final String SEPARATOR = "(?:,\\s*(?:and\\b|or\\b)?|;|\\band\\b|\\bor\\b|&|-|–|—|\\bto\\b)";
    private static final String ID = "\\d+(?![.\\d])";
    /**
     * "trial 12", "trials #12, #14 and #15", "trials 12-15". When the first id has a "#", so must the others: in
     * "trial #3, 64 units wide", 64 is not a trial.
     */
    private static final Pattern TRIAL_LIST = Pattern.compile("(?i)\\btrials?\\s*(?:id\\s*)?(?:"
            + "#\\s*" + ID + "(?:\\s*" + SEPARATOR + "\\s*(?:trials?\\s*)?#\\s*" + ID + ")*"
            + "|" + ID + "(?:\\s*" + SEPARATOR + "\\s*" + ID + ")*)");
    private static final Pattern LIST_ITEM = Pattern.compile("#?\\s*(\\d+)(?:\\s*(?:-|–|—|\\bto\\b)\\s*#?\\s*(\\d+))?");
    private static final Pattern HASH_REF = Pattern.compile("(?i)(\\bquestion\\s*)?#\\s*(\\d+)");
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\p{L}\\p{N}_.])([-+−]?)(\\d+(?:\\.\\d+)?|\\.\\d+)(?:[eE]([-+]?\\d+))?(\\s*%)?");
    private static final Pattern ORDINAL = Pattern.compile("(?i)(st|nd|rd|th)\\b");
    private static final int MAX_RANGE = 1000;

    private FindingsCheck() {
    }

    /**
     * What the data say, against which findings are checked.
     *
     * @param trialIds   every trial of the question (any status)
     * @param values     named values of the data: objective values, seeds, parameter and design values, and the
     *                   computed findings' numbers
     * @param literals   words of the data that may contain digits and are not quoted numbers: arm names, cell
     *                   labels, parameter and metric names, string parameter values
     */
    public record Facts(Set<Long> trialIds, Map<String, Double> values, Set<String> literals) {
        public Facts {
            trialIds = Set.copyOf(trialIds);
            values = Map.copyOf(values);
            literals = Set.copyOf(literals);
        }

        /**
         * The facts of a question: its trial ids, the observations' values, seeds and parameters, the computed
         * findings' numbers, and the given extra values and words (e.g. the design's values and arm names).
         */
        public static Facts of(Set<Long> trialIds, List<Observation> observations,
                List<Finding.New> computed, Map<String, Double> extraValues, Collection<String> extraLiterals) {
            Map<String, Double> values = new LinkedHashMap<>(extraValues);
            Set<String> literals = new LinkedHashSet<>(extraLiterals);
            for (Observation o : observations) {
                values.put("trial " + o.trialId() + " objective", o.value());
                values.put("trial " + o.trialId() + " seed", (double) o.seed());
                if (o.cell() != null) {
                    literals.add(o.cell());
                }
                o.params().forEach((k, v) -> {
                    literals.add(k);
                    Double d = Num.asNumber(v);
                    if (d != null) {
                        values.put("trial " + o.trialId() + " " + k, d);
                    } else if (v != null) {
                        literals.add(String.valueOf(v));
                    }
                });
            }
            values.put("observations", (double) observations.size());
            for (int i = 0; i < computed.size(); i++) {
                Finding.New f = computed.get(i);
                int index = i;
                f.numbers().forEach((k, v) -> values.put(f.kind() + "#" + index + " " + k, v));
            }
            return new Facts(trialIds, values, literals);
        }

        /** These facts with the numbers of more findings (e.g. computed ones, for checking prose about them). */
        public Facts withNumbersOf(List<Finding.New> findings) {
            Map<String, Double> more = new LinkedHashMap<>(values);
            for (int i = 0; i < findings.size(); i++) {
                Finding.New f = findings.get(i);
                int index = i;
                f.numbers().forEach((k, v) -> more.putIfAbsent(f.kind() + "#" + index + " " + k, v));
            }
            return new Facts(trialIds, more, literals);
        }
    }

    /** A number as the text quotes it. */
    public record Quoted(String text, double value, double tolerance, boolean percent) {
        /** Whether {@code fact} rounds to this quote (magnitudes compared; a percentage may also be a fraction). */
        boolean matches(double fact) {
            double a = Math.abs(value);
            double f = Math.abs(fact);
            if (Math.abs(a - f) <= tolerance + 1e-9 * Math.max(a, f)) {
                return true;
            }
            return percent && Math.abs(a / 100 - f) <= tolerance / 100 + 1e-9 * Math.max(a / 100, f);
        }
    }

    /** The question's finding, flagged with the reason when it fails the check (an earlier flag is kept). */
    public static Finding.New flag(Finding.New finding, Facts facts) {
        if (finding.flagged() != null) {
            return finding;
        }
        return problem(finding, facts).map(reason -> new Finding.New(finding.kind(), finding.text(),
                finding.citedTrials(), finding.numbers(), finding.source(), reason)).orElse(finding);
    }

    /** Every finding checked; those that fail are kept, flagged with the reason. */
    public static List<Finding.New> flag(List<Finding.New> findings, Facts facts) {
        return findings.stream().map(f -> flag(f, facts)).toList();
    }

    /** Only the findings that pass. */
    public static List<Finding.New> dropFailing(List<Finding.New> findings, Facts facts) {
        return findings.stream().filter(f -> problem(f, facts).isEmpty()).toList();
    }

    /** Why the finding fails the check, or empty when it passes. */
    public static Optional<String> problem(Finding.New finding, Facts facts) {
        List<String> problems = new ArrayList<>();
        Set<Long> cited = new TreeSet<>(finding.citedTrials());
        cited.addAll(trialReferences(finding.text()));
        List<Long> foreign = cited.stream().filter(id -> !facts.trialIds().contains(id)).toList();
        if (!foreign.isEmpty()) {
            problems.add((foreign.size() == 1 ? "cites trial #" : "cites trials #")
                    + String.join(", #", foreign.stream().map(String::valueOf).toList())
                    + (foreign.size() == 1 ? ", which is not a trial of this question"
                    : ", which are not trials of this question"));
        }
        List<String> unmatched = new ArrayList<>();
        for (Quoted q : quotedNumbers(finding.text(), facts.literals())) {
            if (facts.values().values().stream().noneMatch(q::matches)) {
                unmatched.add(q.text());
            }
        }
        if (!unmatched.isEmpty()) {
            problems.add("quotes " + String.join(", ", unmatched)
                    + (unmatched.size() == 1 ? ", which matches no value of the data" : ", which match no value of the data"));
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /** The trial ids a text refers to, in order of appearance (ranges expanded, at most 1,000 ids each). */
    public static List<Long> trialReferences(String text) {
        List<Long> ids = new ArrayList<>();
        Matcher lists = TRIAL_LIST.matcher(text);
        StringBuilder blanked = new StringBuilder();
        int last = 0;
        while (lists.find()) {
            String list = lists.group().replaceFirst("(?i)^trials?\\s*(?:id\\s*)?", "");
            Matcher item = LIST_ITEM.matcher(list);
            while (item.find()) {
                long from = Long.parseLong(item.group(1));
                if (item.group(2) != null) {
                    long to = Long.parseLong(item.group(2));
                    for (long id = from; id <= to && id - from < MAX_RANGE; id++) {
                        ids.add(id);
                    }
                } else {
                    ids.add(from);
                }
            }
            blanked.append(text, last, lists.start()).append(" ".repeat(lists.end() - lists.start()));
            last = lists.end();
        }
        blanked.append(text.substring(last));
        Matcher hash = HASH_REF.matcher(blanked);
        while (hash.find()) {
            if (hash.group(1) == null) {
                ids.add(Long.parseLong(hash.group(2)));
            }
        }
        return ids;
    }

    /** The numbers a text quotes, leaving out trial references, "#N" references, digits in names and the data's own words. */
    public static List<Quoted> quotedNumbers(String text, Set<String> literals) {
        String rest = blank(text, TRIAL_LIST);
        rest = blank(rest, HASH_REF);
        // Only words with a letter and a digit matter: the rest hide no digits, and a bare number is a number.
        List<String> words = literals.stream()
                .filter(w -> w.chars().anyMatch(Character::isLetter) && w.chars().anyMatch(Character::isDigit))
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String w : words) {
            rest = rest.replace(w, " ".repeat(w.length()));
        }
        List<Quoted> quoted = new ArrayList<>();
        Matcher m = NUMBER.matcher(rest);
        while (m.find()) {
            int start = m.start();
            // Digits after "letter-" belong to a name (resnet-18); after a lone "-" they are a signed number.
            if (m.group(1).isEmpty() && start > 1 && (rest.charAt(start - 1) == '-' || rest.charAt(start - 1) == '−')
                    && (Character.isLetterOrDigit(rest.charAt(start - 2)) || rest.charAt(start - 2) == '_')) {
                continue;
            }
            if (m.group(3) == null && m.group(4) == null
                    && ORDINAL.matcher(rest).region(m.end(), rest.length()).lookingAt()) {
                continue; // 2nd, 3rd
            }
            String mantissa = m.group(2);
            int decimals = mantissa.contains(".") ? mantissa.length() - mantissa.indexOf('.') - 1 : 0;
            int exponent = m.group(3) == null ? 0 : Integer.parseInt(m.group(3).replace("+", ""));
            double value = Double.parseDouble(mantissa) * Math.pow(10, exponent);
            double tolerance = 0.5 * Math.pow(10, exponent - decimals);
            String shown = m.group().strip();
            quoted.add(new Quoted(shown, value, tolerance, m.group(4) != null));
        }
        return quoted;
    }

    private static String blank(String text, Pattern pattern) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start()).append(" ".repeat(m.end() - m.start()));
            last = m.end();
        }
        return out.append(text.substring(last)).toString();
    }
}
