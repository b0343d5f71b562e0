"""The words of the cxmodel language that the pages show as they are written in the YAML
(a channel's kind, a post's method, a loop's cadence, ...), in the active language. The
English is the value itself; a value the language does not know (none should pass the
schema) is shown as written."""

from __future__ import annotations

from cxmodel.messages.text import Template, message
from cxmodel.site.fragments import said

VALUES: dict[tuple[str, str], Template] = {
    # channel: kind
    ("channel-kind", "in-person"): message("site.value.channel-kind.in-person", "in-person"),
    ("channel-kind", "voice"): message("site.value.channel-kind.voice", "voice"),
    ("channel-kind", "chat"): message("site.value.channel-kind.chat", "chat"),
    ("channel-kind", "email"): message("site.value.channel-kind.email", "email"),
    ("channel-kind", "sms"): message("site.value.channel-kind.sms", "sms"),
    ("channel-kind", "push"): message("site.value.channel-kind.push", "push"),
    ("channel-kind", "web"): message("site.value.channel-kind.web", "web"),
    ("channel-kind", "app"): message("site.value.channel-kind.app", "app"),
    ("channel-kind", "social"): message("site.value.channel-kind.social", "social"),
    ("channel-kind", "community"): message("site.value.channel-kind.community", "community"),
    ("channel-kind", "self-service"): message("site.value.channel-kind.self-service",
                                              "self-service"),
    ("channel-kind", "mail"): message("site.value.channel-kind.mail", "mail"),
    # channel: mode and presence
    ("channel-mode", "assisted"): message("site.value.channel-mode.assisted", "assisted"),
    ("channel-mode", "self-service"): message("site.value.channel-mode.self-service",
                                              "self-service"),
    ("channel-mode", "proactive"): message("site.value.channel-mode.proactive", "proactive"),
    ("channel-presence", "online"): message("site.value.channel-presence.online", "online"),
    ("channel-presence", "offline"): message("site.value.channel-presence.offline", "offline"),
    # department: kind
    ("department-kind", "frontline"): message("site.value.department-kind.frontline",
                                              "frontline"),
    ("department-kind", "back-office"): message("site.value.department-kind.back-office",
                                                "back-office"),
    ("department-kind", "digital"): message("site.value.department-kind.digital", "digital"),
    ("department-kind", "product"): message("site.value.department-kind.product", "product"),
    ("department-kind", "it"): message("site.value.department-kind.it", "it"),
    ("department-kind", "management"): message("site.value.department-kind.management",
                                               "management"),
    ("department-kind", "partner"): message("site.value.department-kind.partner", "partner"),
    # journey: state
    ("journey-state", "current"): message("site.value.journey-state.current", "current"),
    ("journey-state", "future"): message("site.value.journey-state.future", "future"),
    # listening post: method
    ("method", "survey"): message("site.value.method.survey", "survey"),
    ("method", "interview"): message("site.value.method.interview", "interview"),
    ("method", "speech-analytics"): message("site.value.method.speech-analytics",
                                            "speech-analytics"),
    ("method", "text-analytics"): message("site.value.method.text-analytics",
                                          "text-analytics"),
    ("method", "social-listening"): message("site.value.method.social-listening",
                                            "social-listening"),
    ("method", "complaints"): message("site.value.method.complaints", "complaints"),
    ("method", "reviews"): message("site.value.method.reviews", "reviews"),
    ("method", "behavioural-analytics"): message("site.value.method.behavioural-analytics",
                                                 "behavioural-analytics"),
    ("method", "operational-data"): message("site.value.method.operational-data",
                                            "operational-data"),
    ("method", "employee-feedback"): message("site.value.method.employee-feedback",
                                             "employee-feedback"),
    # inner loop: what the person following up may do
    ("may", "reopen-case"): message("site.value.may.reopen-case", "reopen the case"),
    ("may", "escalate"): message("site.value.may.escalate", "escalate"),
    ("may", "compensate"): message("site.value.may.compensate", "compensate"),
    ("may", "refund"): message("site.value.may.refund", "refund"),
    # metric: kind, dimension and scope
    ("metric-kind", "experience"): message("site.value.metric-kind.experience", "experience"),
    ("metric-kind", "operational"): message("site.value.metric-kind.operational",
                                            "operational"),
    ("metric-kind", "outcome"): message("site.value.metric-kind.outcome", "outcome"),
    ("metric-dimension", "satisfaction"): message("site.value.metric-dimension.satisfaction",
                                                  "satisfaction"),
    ("metric-dimension", "loyalty"): message("site.value.metric-dimension.loyalty",
                                             "loyalty"),
    ("metric-dimension", "effort"): message("site.value.metric-dimension.effort", "effort"),
    ("metric-dimension", "resolution"): message("site.value.metric-dimension.resolution",
                                                "resolution"),
    ("metric-dimension", "speed"): message("site.value.metric-dimension.speed", "speed"),
    ("metric-dimension", "emotion"): message("site.value.metric-dimension.emotion",
                                             "emotion"),
    ("metric-dimension", "other"): message("site.value.metric-dimension.other", "other"),
    ("metric-scope", "touchpoint"): message("site.value.metric-scope.touchpoint",
                                           "touchpoint"),
    ("metric-scope", "journey"): message("site.value.metric-scope.journey", "journey"),
    ("metric-scope", "relationship"): message("site.value.metric-scope.relationship",
                                             "relationship"),
    # outer loop: cadence
    ("cadence", "daily"): message("site.value.cadence.daily", "daily"),
    ("cadence", "weekly"): message("site.value.cadence.weekly", "weekly"),
    ("cadence", "monthly"): message("site.value.cadence.monthly", "monthly"),
    ("cadence", "quarterly"): message("site.value.cadence.quarterly", "quarterly"),
    ("cadence", "half-yearly"): message("site.value.cadence.half-yearly", "half-yearly"),
    ("cadence", "yearly"): message("site.value.cadence.yearly", "yearly"),
}


def shown(field: str, value: str | None) -> str | None:
    """A value of ``field`` (``channel-kind``, ``method``, ...) in the active language."""
    if value is None:
        return None
    template = VALUES.get((field, value))
    return value if template is None else said(template)


def shown_all(*pairs: tuple[str, str | None]) -> str:
    """Several values, those given, as a page shows them: 'app · self-service · online'."""
    return " · ".join(s for s in (shown(field, value) for field, value in pairs) if s)
