"""Whole-file rules of each kind of data file, beyond what a field type checks alone."""
