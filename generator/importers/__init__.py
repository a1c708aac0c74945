"""Importers: plans from the places they live (a plan's own text; spreadsheets)."""
