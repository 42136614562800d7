"""Flashpoint annotation: schema, document model, corpus format, ingest, converters, Label Studio, agreement."""
