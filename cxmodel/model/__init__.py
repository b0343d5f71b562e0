"""The domain model: the frozen dataclasses of every element (``elements``), the build
stage that makes them from validated documents (``build``), and the derived facts that
rules and outputs both ask (``facts``): one place, so no output reaches into the rules."""

from __future__ import annotations

from cxmodel.model.elements import (
    Action,
    Channel,
    Covers,
    Department,
    Element,
    HandOff,
    InnerLoop,
    Journey,
    LaneEntry,
    ListeningPost,
    Metric,
    Offer,
    OuterLoop,
    Persona,
    PostMetric,
    ProactiveNotice,
    Problem,
    Result,
    Scale,
    Stage,
    Step,
    Target,
    Theme,
    Workspace,
)

__all__ = ["Action", "Channel", "Covers", "Department", "Element", "HandOff", "InnerLoop",
           "Journey", "LaneEntry", "ListeningPost", "Metric", "Offer", "OuterLoop", "Persona",
           "PostMetric", "ProactiveNotice", "Problem", "Result", "Scale", "Stage", "Step",
           "Target", "Theme", "Workspace"]
