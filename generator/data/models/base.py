"""The base of every data model: unknown keys rejected, values immutable once loaded."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from generator.data.models.types import invalid


class DataModel(BaseModel):
    """A validated part of a data file; a key it does not declare is an error (likely a typo)."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False)


def unique_ids(cls: type, items: list[Any]) -> list[Any]:
    """Field validator for lists of items with an optional `id`: each id used once."""
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id is None:
            continue
        if item.id in seen:
            raise invalid(f"id {item.id!r} dipakai dua kali: butir [{seen[item.id]}] dan [{index}]")
        seen[item.id] = index
    return items
