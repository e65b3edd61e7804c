"""Readers turn one input file into facts. They know nothing of rules."""
