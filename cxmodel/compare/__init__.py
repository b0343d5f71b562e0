"""Comparing two versions of a workspace: which findings a change added or fixed, and what it
did to coverage (``cxmodel diff``)."""
