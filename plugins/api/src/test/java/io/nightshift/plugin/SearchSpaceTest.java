package io.nightshift.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

    private static final int DRAWS = 20_000;

    @Test
    void floatSamplesStayInRangeAndSpreadUniformly() {
        SearchSpace s = SearchSpace.builder().floatParam("x", -2, 6).build();
        SplittableRandom r = new SplittableRandom(1);
        int below = 0;
        for (int i = 0; i < DRAWS; i++) {
            double x = (Double) s.sample(r).get("x");
            assertThat(x).isBetween(-2.0, 6.0);
            if (x < 2) {
                below++;
            }
        }
        assertThat(below / (double) DRAWS).isBetween(0.47, 0.53);
    }

    @Test
    void logFloatIsUniformInTheLogarithm() {
        SearchSpace s = SearchSpace.builder().logFloatParam("lr", 1e-5, 1e-1).build();
        SplittableRandom r = new SplittableRandom(2);
        int[] decades = new int[4];
        for (int i = 0; i < DRAWS; i++) {
            double lr = (Double) s.sample(r).get("lr");
            assertThat(lr).isBetween(1e-5, 1e-1);
            decades[(int) Math.min(3, Math.floor(Math.log10(lr) + 5))]++;
        }
        for (int count : decades) {
            assertThat(count / (double) DRAWS).isBetween(0.22, 0.28);
        }
    }

    @Test
    void intSamplesReachBothEndsEvenlyOnLinearAndLogScales() {
        SearchSpace s = SearchSpace.builder().intParam("n", 1, 4).logIntParam("h", 1, 8).build();
        SplittableRandom r = new SplittableRandom(3);
        Map<Integer, Integer> n = new HashMap<>();
        Set<Integer> h = new HashSet<>();
        for (int i = 0; i < DRAWS; i++) {
            Map<String, Object> c = s.sample(r);
            n.merge((Integer) c.get("n"), 1, Integer::sum);
            h.add((Integer) c.get("h"));
        }
        assertThat(n.keySet()).containsExactlyInAnyOrder(1, 2, 3, 4);
        n.values().forEach(count -> assertThat(count / (double) DRAWS).isBetween(0.22, 0.28));
        assertThat(h).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void categoricalSamplesEveryChoice() {
        SearchSpace s = SearchSpace.builder().categorical("act", "relu", "tanh", 3).build();
        SplittableRandom r = new SplittableRandom(4);
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(s.sample(r).get("act"));
        }
        assertThat(seen).containsExactlyInAnyOrder("relu", "tanh", 3);
    }

    @Test
    void validateReturnsCanonicalTypesInDeclarationOrder() {
        SearchSpace s = SearchSpace.builder().floatParam("x", 0, 1).intParam("n", 1, 10).categorical("b", 32, 64).build();
        Map<String, Object> proposed = new LinkedHashMap<>();
        proposed.put("b", 64.0);
        proposed.put("n", 3L);
        proposed.put("x", 1);
        Map<String, Object> c = s.validate(proposed);
        assertThat(c).containsExactly(Map.entry("x", 1.0), Map.entry("n", 3), Map.entry("b", 64));
    }

    @Test
    void validateNamesEveryProblem() {
        SearchSpace s = SearchSpace.builder().floatParam("x", 0, 1).intParam("n", 1, 10).categorical("b", "a", "c")
                .logFloatParam("lr", 1e-4, 1).build();
        assertThatThrownBy(() -> s.validate(Map.of("x", 1.5, "n", 2.5, "b", "z", "bogus", 1)))
                .isInstanceOfSatisfying(InvalidParametersException.class, e -> assertThat(e.problems()).containsExactly(
                        "x: 1.5 is outside [0.0, 1.0]",
                        "n: expected an integer, got 2.5",
                        "b: \"z\" is not one of [a, c]",
                        "lr: missing",
                        "bogus: unknown parameter (known: [x, n, b, lr])"));
        assertThatThrownBy(() -> s.validate(Map.of("x", "0.5", "n", 2, "b", "a", "lr", 1e-5)))
                .isInstanceOfSatisfying(InvalidParametersException.class, e -> assertThat(e.problems()).containsExactly(
                        "x: expected a number in [0.0, 1.0], got \"0.5\"",
                        "lr: 1.0E-5 is outside [1.0E-4, 1.0]"));
    }

    @Test
    void declarationErrorsAreCaught() {
        assertThatThrownBy(() -> SearchSpace.builder().floatParam("x", 1, 1).build()).hasMessageContaining("below");
        assertThatThrownBy(() -> SearchSpace.builder().logFloatParam("x", 0, 1).build()).hasMessageContaining("positive");
        assertThatThrownBy(() -> SearchSpace.builder().intParam("x", 1, 2).intParam("x", 1, 2).build())
                .hasMessageContaining("declared twice");
        assertThatThrownBy(() -> SearchSpace.builder().categorical("bad name", "a").build()).hasMessageContaining("identifier");
    }

    // --- conditional parameters

    private static SearchSpace conditional() {
        return SearchSpace.builder()
                .categorical("optimizer", "sgd", "adam")
                .floatParam("momentum", 0, 0.99).when("optimizer", "sgd")
                .categorical("nesterov", true, false).when("momentum", 0.9)
                .logFloatParam("beta2", 0.9, 0.9999).when("optimizer", "adam")
                .intParam("layers", 1, 3)
                .build();
    }

    @Test
    void samplesLeaveInactiveParametersOut() {
        SearchSpace s = SearchSpace.builder()
                .categorical("optimizer", "sgd", "adam")
                .floatParam("momentum", 0, 0.99).when("optimizer", "sgd")
                .logFloatParam("beta2", 0.9, 0.9999).when("optimizer", "adam")
                .build();
        SplittableRandom r = new SplittableRandom(5);
        int sgd = 0;
        for (int i = 0; i < 2000; i++) {
            Map<String, Object> c = s.sample(r);
            if ("sgd".equals(c.get("optimizer"))) {
                sgd++;
                assertThat(c).containsOnlyKeys("optimizer", "momentum");
            } else {
                assertThat(c).containsOnlyKeys("optimizer", "beta2");
            }
            assertThat(s.validate(c)).isEqualTo(c);
        }
        assertThat(sgd).isBetween(900, 1100);
    }

    @Test
    void conditionsNestAndMatchNumbersByValue() {
        SearchSpace s = conditional();
        Map<String, Object> c = s.validate(Map.of("optimizer", "sgd", "momentum", 0.9, "nesterov", true, "layers", 2));
        assertThat(c).containsOnlyKeys("optimizer", "momentum", "nesterov", "layers");
        // momentum 0.5: nesterov inactive, and must be left out
        assertThat(s.validate(Map.of("optimizer", "sgd", "momentum", 0.5, "layers", 2)))
                .containsOnlyKeys("optimizer", "momentum", "layers");
        // momentum inactive, so nesterov (its child) is inactive too
        assertThat(s.validate(Map.of("optimizer", "adam", "beta2", 0.99, "layers", 1)))
                .containsOnlyKeys("optimizer", "beta2", "layers");
    }

    @Test
    void settingAnInactiveParameterIsRejectedWithTheReason() {
        SearchSpace s = conditional();
        assertThatThrownBy(() -> s.validate(Map.of("optimizer", "adam", "beta2", 0.99, "momentum", 0.9, "layers", 1)))
                .isInstanceOfSatisfying(InvalidParametersException.class, e -> assertThat(e.problems()).containsExactly(
                        "momentum: applies only when optimizer = sgd, but optimizer = adam; leave it out"));
        assertThatThrownBy(() -> s.validate(Map.of("optimizer", "sgd", "layers", 1)))
                .isInstanceOfSatisfying(InvalidParametersException.class, e -> assertThat(e.problems()).containsExactly(
                        "momentum: missing (required when optimizer = sgd)"));
        assertThatThrownBy(() -> s.validate(Map.of("optimizer", "adam", "beta2", 0.99, "nesterov", true, "layers", 1)))
                .isInstanceOfSatisfying(InvalidParametersException.class, e -> assertThat(e.problems()).containsExactly(
                        "nesterov: applies only when momentum = 0.9, but momentum is not set; leave it out"));
    }

    @Test
    void aBrokenParentDoesNotAddNoiseAboutItsChildren() {
        SearchSpace s = conditional();
        assertThatThrownBy(() -> s.validate(Map.of("optimizer", "rmsprop", "momentum", 0.9, "layers", 1)))
                .isInstanceOfSatisfying(InvalidParametersException.class, e -> assertThat(e.problems()).containsExactly(
                        "optimizer: \"rmsprop\" is not one of [sgd, adam]"));
    }

    @Test
    void conditionsMustNameAnEarlierParameterAndOneOfItsValues() {
        assertThatThrownBy(() -> SearchSpace.builder().floatParam("momentum", 0, 1).when("optimizer", "sgd")
                .categorical("optimizer", "sgd", "adam").build())
                .hasMessageContaining("momentum: its condition names 'optimizer', which must be a parameter declared before it");
        assertThatThrownBy(() -> SearchSpace.builder().categorical("optimizer", "sgd", "adam")
                .floatParam("momentum", 0, 1).when("optimizer", "rmsprop").build())
                .hasMessageContaining("condition value rmsprop is not a value of optimizer");
        assertThatThrownBy(() -> SearchSpace.builder().when("x", 1)).isInstanceOf(IllegalStateException.class);
        assertThat(conditional().hasConditions()).isTrue();
        assertThat(conditional().parameter("momentum").orElseThrow().condition())
                .isEqualTo(new Condition("optimizer", List.of("sgd")));
    }
}
