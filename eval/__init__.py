"""Flashpoint evaluation harness: span, event and stance scores with intervals."""
