package io.nightshift.plugin;

import java.util.List;

/** A configuration that does not fit its search space; {@link #problems()} names each issue. */
public class InvalidParametersException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidParametersException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
