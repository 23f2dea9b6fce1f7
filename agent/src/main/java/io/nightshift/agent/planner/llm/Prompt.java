package io.nightshift.agent.planner.llm;

/** The two messages sent to the model. */
public record Prompt(String system, String user) {

    /** As stored in the {@code llm_call} table. */
    public String transcript() {
        return "[system]\n" + system + "\n\n[user]\n" + user;
    }
}
