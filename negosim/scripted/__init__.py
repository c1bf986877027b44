"""Scripted candidates: habits of play generated from a scenario, and a match runner."""
