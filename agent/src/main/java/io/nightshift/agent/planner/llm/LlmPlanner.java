package io.nightshift.agent.planner.llm;

import io.nightshift.agent.planner.Deadline;
import io.nightshift.agent.planner.PlanResult;
import io.nightshift.agent.planner.PlanResult.Planned;
import io.nightshift.agent.planner.Planner;
import io.nightshift.agent.planner.PlanningContext;
import io.nightshift.agent.planner.ProposedExperiment;
import io.nightshift.agent.planner.TimedPlanner;
import io.nightshift.plugin.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a language model for experiments. Every answer is parsed and checked ({@link AnswerParser});
 * rejected proposals come back in the {@link PlanResult} with their reasons (the loop stores them as
 * REJECTED proposals), and the model is asked again, with those reasons, up to {@code llm.max-reasks}
 * times. Whatever is still missing then comes from the fallback planner (TPE), under its own name. A
 * failed call (after the gateway's retries) or a reached cost cap goes straight to the fallback.
 *
 * <p>Everything the model wrote passes through {@link ModelOutput} before it leaves this class, so the
 * key is redacted and free text capped in whatever is stored or shown. Under a {@link Deadline} no new
 * ask starts once it has passed, and an answer that arrives after it is noted on its call and not used
 * (whoever set the deadline has planned the round without it). Holds no state between rounds: one
 * instance may plan on several threads.
 */
public final class LlmPlanner implements TimedPlanner {

    public static final String NAME = "llm";
    private static final Logger log = LoggerFactory.getLogger(LlmPlanner.class);

    private final LlmServices services;
    private final Planner fallback;
    private final PromptBuilder prompts;
    private final AnswerParser parser = new AnswerParser();
    private final ModelOutput output;

    /** @param fallback fills what the model did not provide; null to return fewer proposals instead */
    public LlmPlanner(LlmServices services, Planner fallback) {
        this.services = services;
        this.fallback = fallback;
        this.prompts = new PromptBuilder(services.config().historyRows());
        this.output = new ModelOutput(services.gateway().redactor());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ProposedExperiment> propose(PlanningContext context, int count) {
        return plan(context, count).accepted().stream().map(Planned::experiment).toList();
    }

    @Override
    public PlanResult plan(PlanningContext context, int count, Deadline deadline) {
        List<Planned> out = new ArrayList<>();
        List<Map<String, Object>> accepted = new ArrayList<>();
        List<String> feedback = new ArrayList<>();
        SearchSpace space = context.plugin().searchSpace();
        List<Map<String, Object>> taken = new ArrayList<>(context.pending());
        context.history().forEach(t -> taken.add(t.parameters()));
        context.rejected().forEach(r -> taken.add(r.parameters()));
        ModelGateway gateway = services.gateway();
        int asks = 0;
        while (accepted.size() < count && asks <= services.config().maxReasks() && !deadline.passed()) {
            int wanted = count - accepted.size();
            Prompt prompt = prompts.build(context.withPending(accepted), wanted, feedback);
            boolean structured = services.structuredOutput();
            ModelGateway.Reply reply;
            try {
                reply = gateway.ask(context.questionId(), asks == 0 ? "propose" : "re-ask", prompt,
                        structured ? ProposalSchema.responseFormat(space) : null, deadline);
            } catch (ModelGateway.CostCapReached e) {
                log.warn("{}; the {} planner takes over", e.getMessage(), fallbackName());
                break;
            } catch (ModelGateway.CallFailed e) {
                if (structured && e.badRequest()) {
                    log.warn("the provider refused the request with a response schema; asking again without it"
                            + " (the prompt still describes the format)");
                    services.disableStructuredOutput();
                    continue; // not counted: structured output is off now, so this happens once
                }
                log.warn("the language model could not be reached ({}); the {} planner takes over", e.getMessage(), fallbackName());
                break;
            }
            asks++;
            if (deadline.passed()) {
                gateway.noteProblem(reply.callId(), "answered after the planning round's time limit of "
                        + deadline.limit().toSeconds() + " s (llm.planning-timeout-seconds); not used, the fallback planned the round");
                break;
            }
            AnswerParser.Answer answer = parser.parse(reply.text(), space, taken, wanted);
            if (answer.problem() != null) {
                gateway.noteProblem(reply.callId(), "answer not usable: " + answer.problem());
                feedback.add(answer.problem());
                continue;
            }
            for (AnswerParser.Rejected r : answer.rejected()) {
                Planned rejected = output.clean(Planned.rejected(r.experiment(), NAME, r.reason()));
                out.add(rejected);
                feedback.add(PromptBuilder.json(rejected.experiment().parameters()) + ": " + rejected.rejectedBecause());
            }
            for (ProposedExperiment e : answer.accepted()) {
                out.add(output.clean(Planned.accepted(e, NAME)));
                accepted.add(e.parameters());
                taken.add(e.parameters());
            }
            if (!answer.rejected().isEmpty()) {
                log.info("the language model's answer had {} valid and {} rejected proposal(s)",
                        answer.accepted().size(), answer.rejected().size());
            }
        }
        int missing = count - accepted.size();
        if (missing > 0 && fallback != null && !deadline.passed()) {
            log.info("{} of {} proposal(s) come from the {} planner", missing, count, fallbackName());
            out.addAll(fallback.plan(context.withPending(accepted), missing).proposals());
        }
        return new PlanResult(out);
    }

    private String fallbackName() {
        return fallback == null ? "next" : fallback.name();
    }
}
