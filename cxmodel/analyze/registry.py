"""The explicit table of every gap rule, in code order."""

from __future__ import annotations

from cxmodel.analyze import (
    consistency,
    continuity,
    coverage,
    experience,
    follow_up,
    hygiene,
    loops,
    ownership,
    relationship,
    results,
    seamlessness,
    targets,
    texts,
)
from cxmodel.analyze.rule import Rule

RULES: tuple[Rule, ...] = (
    coverage.unmeasured_touchpoint,
    coverage.unmeasured_moment_of_truth,
    coverage.unmeasured_channel,
    coverage.unmeasured_handoff,
    coverage.no_outcome_metric,
    coverage.no_goal,
    experience.effort_unmeasured,
    experience.unheard_worst_moment,
    experience.heard_only_through_complaints,
    consistency.mixed_metrics,
    consistency.scale_drift,
    consistency.unresolvable_problem,
    consistency.offer_gap,
    relationship.relationship_metric_per_contact,
    ownership.unowned_channel,
    ownership.unowned_journey,
    ownership.unowned_listening_post,
    loops.open_inner_loop,
    loops.open_outer_loop,
    loops.slow_inner_loop,
    follow_up.unanswered_customers,
    follow_up.one_way_follow_up,
    follow_up.powerless_follow_up,
    targets.untargeted_channel,
    targets.target_without_data,
    targets.score_in_bonus,
    seamlessness.too_many_handoffs,
    seamlessness.no_proactive_notice,
    continuity.lost_context,
    continuity.failure_demand,
    hygiene.unused_element,
    hygiene.empty_listening_post,
    hygiene.STALE_WAIVER,
    texts.comment_in_text,
    results.result_against_design,
    results.target_missed,
    results.too_few_responses,
    results.stale_results,
    results.results_not_comparable,
    results.report_on_the_shelf,
    results.overdue_action,
    results.orphan_action,
    results.error_left_standing,
)

RULES_BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}


def all_codes() -> list[str]:
    """Every code a configuration may name: the gap rules and the loading codes."""
    from cxmodel.diagnostics import LOADING_CODES

    return sorted([*LOADING_CODES, *RULES_BY_CODE])
