"""Flashpoint baselines: scikit-learn models for entities, events and stance."""
