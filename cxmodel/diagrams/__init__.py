"""Diagrams: builders turn the model into DOT text (pure functions, no rendering); the engine
module turns DOT into SVG, PNG or PDF."""
