"""Template filters: rupiah and numbers as pkgen prints them."""

from __future__ import annotations

from typing import Any

from django import template

from generator.domain.formatting import RupiahStyle, format_number, format_rupiah

register = template.Library()


@register.filter
def rupiah(value: Any) -> str:
    if value is None or value == "":
        return "–"
    return format_rupiah(int(value), RupiahStyle.RP_TITIK)


@register.filter
def angka(value: Any) -> str:
    if value is None or value == "":
        return ""
    return format_number(value)


@register.filter
def get(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping is not None else None


@register.filter
def rupiah_selisih(value: Any) -> str:
    """`+Rp. 250.000`, `-Rp. 1.000`."""
    if value is None or value == "":
        return ""
    return format_rupiah(int(value), RupiahStyle.RP_TITIK, signed=True)


@register.filter
def siapa(user: Any) -> str:
    """A user as people call them: full name, else user name; `–` for nobody."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()
