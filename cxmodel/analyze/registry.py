"""The explicit table of every gap rule, in code order."""

from __future__ import annotations

from cxmodel.analyze import consistency, coverage, hygiene, loops, ownership, seamlessness, targets
from cxmodel.analyze.rule import Rule

RULES: tuple[Rule, ...] = (
    coverage.unmeasured_touchpoint,
    coverage.unmeasured_moment_of_truth,
    coverage.unmeasured_channel,
    coverage.unmeasured_handoff,
    coverage.no_outcome_metric,
    coverage.no_goal,
    consistency.mixed_metrics,
    consistency.scale_drift,
    consistency.unresolvable_problem,
    consistency.offer_gap,
    ownership.unowned_channel,
    ownership.unowned_journey,
    ownership.unowned_listening_post,
    loops.open_inner_loop,
    loops.open_outer_loop,
    loops.slow_inner_loop,
    targets.untargeted_channel,
    targets.target_without_data,
    seamlessness.too_many_handoffs,
    seamlessness.no_proactive_notice,
    hygiene.unused_element,
    hygiene.empty_listening_post,
    hygiene.STALE_WAIVER,
)

RULES_BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}


def all_codes() -> list[str]:
    """Every code a configuration may name: the gap rules and the loading codes."""
    from cxmodel.diagnostics import LOADING_CODES

    return sorted([*LOADING_CODES, *RULES_BY_CODE])
