"""What the id and reference checks say (CX004, CX005): whole sentences for each kind of
element, since Russian and Polish decline the kind's noun ("Unknown channel", "Неизвестный
канал", "Nieznany kanał") and make the words around it agree with it.

``where`` in these sentences is an element description of sections.py (a nominative noun
phrase: translations put it in parentheses or before a colon); ``ids`` lists ids as written;
``suggestions`` names one to three ids joined with "or"."""

from __future__ import annotations

from typing import NamedTuple

from cxmodel.messages.text import Template, message


class Unknown(NamedTuple):
    """CX005 for a reference to an element of one kind: the message, without and with a
    suggestion, and the hint, with the ids there are and when there are none."""

    message: Template
    suggesting: Template
    use_one_of: Template
    none_yet: Template


class Duplicate(NamedTuple):
    """CX004 for two elements of one kind with one id: the message, the hint and the
    related place (the first of the two)."""

    message: Template
    hint: Template
    first: Template


# A display name written where an id belongs: "did you mean 'app' (named 'My Telco app')?"
# {name} is the name as written in the reference.
BY_NAME = message("CX005.named", "{id} (named {name})")
# Several ids typed as one with the separator of a Chinese or Japanese input method
# ([售后维修，退换货]): {target} as typed, {separator} the character between them.
SEVERAL_IDS_HINT = message(
    "CX005.several-ids.hint",
    "{target} is several ids joined by {separator}: separate them with ', ' (a half-width "
    "comma and a space) inside [ ], or write one per line after '- '.")
BY_NAME_HINT = message("CX005.named.hint",
                       "A reference names an element by its id: write {id}, not its name.")

UNKNOWN: dict[str, Unknown] = {
    "department": Unknown(
        message("CX005.department", "Unknown department {target} in {where}."),
        message("CX005.department.suggest",
                "Unknown department {target} in {where}, did you mean {suggestions}?"),
        message("CX005.department.hint", "Use one of the departments: {ids}."),
        message("CX005.department.none",
                "There are no departments yet; add one with id {target}.")),
    "channel": Unknown(
        message("CX005.channel", "Unknown channel {target} in {where}."),
        message("CX005.channel.suggest",
                "Unknown channel {target} in {where}, did you mean {suggestions}?"),
        message("CX005.channel.hint", "Use one of the channels: {ids}."),
        message("CX005.channel.none", "There are no channels yet; add one with id {target}.")),
    "metric": Unknown(
        message("CX005.metric", "Unknown metric {target} in {where}."),
        message("CX005.metric.suggest",
                "Unknown metric {target} in {where}, did you mean {suggestions}?"),
        message("CX005.metric.hint", "Use one of the metrics: {ids}."),
        message("CX005.metric.none", "There are no metrics yet; add one with id {target}.")),
    "persona": Unknown(
        message("CX005.persona", "Unknown persona {target} in {where}."),
        message("CX005.persona.suggest",
                "Unknown persona {target} in {where}, did you mean {suggestions}?"),
        message("CX005.persona.hint", "Use one of the personas: {ids}."),
        message("CX005.persona.none", "There are no personas yet; add one with id {target}.")),
    "problem": Unknown(
        message("CX005.problem", "Unknown problem {target} in {where}."),
        message("CX005.problem.suggest",
                "Unknown problem {target} in {where}, did you mean {suggestions}?"),
        message("CX005.problem.hint", "Use one of the problems: {ids}."),
        message("CX005.problem.none", "There are no problems yet; add one with id {target}.")),
    "offer": Unknown(
        message("CX005.offer", "Unknown offer {target} in {where}."),
        message("CX005.offer.suggest",
                "Unknown offer {target} in {where}, did you mean {suggestions}?"),
        message("CX005.offer.hint", "Use one of the offers: {ids}."),
        message("CX005.offer.none", "There are no offers yet; add one with id {target}.")),
    "journey": Unknown(
        message("CX005.journey", "Unknown journey {target} in {where}."),
        message("CX005.journey.suggest",
                "Unknown journey {target} in {where}, did you mean {suggestions}?"),
        message("CX005.journey.hint", "Use one of the journeys: {ids}."),
        message("CX005.journey.none", "There are no journeys yet; add one with id {target}.")),
    "listening post": Unknown(
        message("CX005.listening-post", "Unknown listening post {target} in {where}."),
        message("CX005.listening-post.suggest",
                "Unknown listening post {target} in {where}, did you mean {suggestions}?"),
        message("CX005.listening-post.hint", "Use one of the listening posts: {ids}."),
        message("CX005.listening-post.none",
                "There are no listening posts yet; define one with id {target}.")),
    "stage": Unknown(
        message("CX005.stage", "Unknown stage {target} in {where}."),
        message("CX005.stage.suggest",
                "Unknown stage {target} in {where}, did you mean {suggestions}?"),
        message("CX005.stage.hint", "Use one of the stages of journey {journey}: {ids}."),
        message("CX005.stage.none",
                "There are no stages of journey {journey} yet; add one with id {target}.")),
    "step": Unknown(
        message("CX005.step", "Unknown step {target} in {where}."),
        message("CX005.step.suggest",
                "Unknown step {target} in {where}, did you mean {suggestions}?"),
        message("CX005.step.hint", "Use one of the steps of journey {journey}: {ids}."),
        message("CX005.step.none",
                "There are no steps of journey {journey} yet; add one with id {target}.")),
}
# The step of a touchpoint reference (journey-id/step-id) that its journey does not have.
TOUCHPOINT_STEP = Unknown(
    message("CX005.touchpoint-step", "Unknown step {target} in journey {journey} in {where}."),
    message("CX005.touchpoint-step.suggest", "Unknown step {target} in journey {journey} in "
            "{where}, did you mean {suggestions}?"),
    message("CX005.touchpoint-step.hint", "Use one of the steps in journey {journey}: {ids}."),
    message("CX005.touchpoint-step.none",
            "There are no steps in journey {journey} yet; add one with id {target}."))

# The theme of a post/theme reference (an action's origin) that the post does not have.
POST_THEME = Unknown(
    message("CX005.post-theme", "Unknown theme {target} of listening post {post} in {where}."),
    message("CX005.post-theme.suggest", "Unknown theme {target} of listening post {post} in "
            "{where}, did you mean {suggestions}?"),
    message("CX005.post-theme.hint", "Use one of the themes of listening post {post}: {ids}."),
    message("CX005.post-theme.none",
            "Listening post {post} has no themes yet; add one with id {target}."))

# {place} is file:line of the first of the two.
DUPLICATE: dict[str, Duplicate] = {
    "department": Duplicate(
        message("CX004.department", "Two departments have the id {id} (the other one is at "
                "{place}); ids must be unique across the workspace."),
        message("CX004.department.hint",
                "Rename one of them, or merge the two departments into one."),
        message("CX004.department.first", "the first department with id {id}")),
    "channel": Duplicate(
        message("CX004.channel", "Two channels have the id {id} (the other one is at {place}); "
                "ids must be unique across the workspace."),
        message("CX004.channel.hint", "Rename one of them, or merge the two channels into one."),
        message("CX004.channel.first", "the first channel with id {id}")),
    "metric": Duplicate(
        message("CX004.metric", "Two metrics have the id {id} (the other one is at {place}); "
                "ids must be unique across the workspace."),
        message("CX004.metric.hint", "Rename one of them, or merge the two metrics into one."),
        message("CX004.metric.first", "the first metric with id {id}")),
    "persona": Duplicate(
        message("CX004.persona", "Two personas have the id {id} (the other one is at {place}); "
                "ids must be unique across the workspace."),
        message("CX004.persona.hint", "Rename one of them, or merge the two personas into one."),
        message("CX004.persona.first", "the first persona with id {id}")),
    "problem": Duplicate(
        message("CX004.problem", "Two problems have the id {id} (the other one is at {place}); "
                "ids must be unique across the workspace."),
        message("CX004.problem.hint", "Rename one of them, or merge the two problems into one."),
        message("CX004.problem.first", "the first problem with id {id}")),
    "offer": Duplicate(
        message("CX004.offer", "Two offers have the id {id} (the other one is at {place}); "
                "ids must be unique across the workspace."),
        message("CX004.offer.hint", "Rename one of them, or merge the two offers into one."),
        message("CX004.offer.first", "the first offer with id {id}")),
    "listening post": Duplicate(
        message("CX004.listening-post", "Two listening posts have the id {id} (the other one "
                "is at {place}); ids must be unique across the workspace."),
        message("CX004.listening-post.hint",
                "Rename one of them, or merge the two listening posts into one."),
        message("CX004.listening-post.first", "the first listening post with id {id}")),
    "journey": Duplicate(
        message("CX004.journey", "Two journeys have the id {id} (the other one is at {place}); "
                "ids must be unique across the workspace."),
        message("CX004.journey.hint", "Rename one of them, or merge the two journeys into one."),
        message("CX004.journey.first", "the first journey with id {id}")),
    "stage": Duplicate(
        message("CX004.stage", "Two stages have the id {id} (the other one is at {place}); "
                "ids must be unique within journey {journey}."),
        message("CX004.stage.hint", "Rename one of them, or merge the two stages into one."),
        message("CX004.stage.first", "the first stage with id {id}")),
    "step": Duplicate(
        message("CX004.step", "Two steps have the id {id} (the other one is at {place}); "
                "ids must be unique within journey {journey}."),
        message("CX004.step.hint", "Rename one of them, or merge the two steps into one."),
        message("CX004.step.first", "the first step with id {id}")),
    "action": Duplicate(
        message("CX004.action", "Two actions have the id {id} (the other one is at {place}); "
                "ids must be unique across the workspace."),
        message("CX004.action.hint", "Rename one of them, or merge the two actions into one."),
        message("CX004.action.first", "the first action with id {id}")),
    "theme": Duplicate(
        message("CX004.theme", "Two themes have the id {id} (the other one is at {place}); "
                "ids must be unique within listening post {post}."),
        message("CX004.theme.hint", "Rename one of them, or merge the two themes into one."),
        message("CX004.theme.first", "the first theme with id {id}")),
}
