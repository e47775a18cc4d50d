"""Validated data models: what the YAML files may contain."""

from generator.models.common import FormatPreferences, Pejabat, Pemda, Unit
from generator.models.perjanjian import Indikator, PerjanjianKinerja, Program, Sasaran

__all__ = [
    "FormatPreferences",
    "Indikator",
    "Pejabat",
    "Pemda",
    "PerjanjianKinerja",
    "Program",
    "Sasaran",
    "Unit",
]
