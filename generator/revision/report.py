"""A diff for people at a terminal: one table per changed SKPD (rich), or plain lines.

The lines (`change_lines`) are also what `pkgen import` shows for an updated file.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from generator.domain.terminal import fits, whole_width
from generator.revision.diff import Change, Jenis, RevisionDiff, SkpdDiff, StatusSkpd

MARKS = {Jenis.DITAMBAH: "+", Jenis.DIHAPUS: "-", Jenis.DIUBAH: "~"}
_COLOURS = {Jenis.DITAMBAH: "green", Jenis.DIHAPUS: "red", Jenis.DIUBAH: "yellow"}


def _value(change: Change) -> str:
    if change.jenis is Jenis.DITAMBAH:
        return change.menjadi
    if change.jenis is Jenis.DIHAPUS:
        return change.semula
    return f"{change.semula or '—'} → {change.menjadi or '—'}"


def shown_uraian(change: Change) -> str:
    """The item a change concerns, or "" where it would only repeat the Bagian (a signer's
    field) or the new value (a renamed item)."""
    return "" if change.uraian in (change.bagian, change.menjadi) else change.uraian


def change_line(change: Change) -> str:
    """`~ Target: Nilai SAKIP …: 66 (B) → 70 (B) (agreements/2022/x.yaml:31)`."""
    head = change.bagian
    if shown_uraian(change):
        head += f": {change.uraian}"
    value = _value(change)
    text = f"{MARKS[change.jenis]} {head}" + (f": {value}" if value else "")
    if change.selisih_teks:
        text += f" (selisih {change.selisih_teks})"
    if change.catatan:
        text += f"; {change.catatan}"
    if change.lokasi is not None:
        text += f" ({change.lokasi})"
    return text


def total_line(skpd: SkpdDiff) -> str | None:
    """`= Jumlah anggaran: Rp. … → Rp. … (selisih +Rp. …)`, when the total changed."""
    if skpd.status is not StatusSkpd.DIUBAH or skpd.selisih == 0:
        return None
    return (
        f"= Jumlah anggaran: {skpd.rp(skpd.anggaran_semula)} → {skpd.rp(skpd.anggaran_menjadi)} "
        f"(selisih {skpd.rp(skpd.selisih, signed=True)})"
    )


def change_lines(skpd: SkpdDiff) -> list[str]:
    """Every change of one SKPD as a line, then its anggaran total when it changed."""
    lines = [change_line(change) for change in skpd.changes]
    total = total_line(skpd)
    return [*lines, total] if total else lines


def summary(diff: RevisionDiff) -> str:
    """`3 perubahan pada 1 SKPD; 6 SKPD tidak berubah` (added and removed SKPD named)."""
    changed = [s for s in diff.changed if s.status is StatusSkpd.DIUBAH]
    parts = []
    if changed:
        parts.append(f"{sum(len(s.changes) for s in changed)} perubahan pada {len(changed)} SKPD")
    for status, label in ((StatusSkpd.DITAMBAH, "ditambah"), (StatusSkpd.DIHAPUS, "dihapus")):
        count = sum(1 for s in diff.skpd if s.status is status)
        if count:
            parts.append(f"{count} SKPD {label}")
    if diff.unchanged:
        parts.append(f"{len(diff.unchanged)} SKPD tidak berubah")
    if not diff.changed:
        return "Tidak ada perubahan" + (f" ({parts[0]})" if parts else "")
    return "; ".join(parts)


def _title(skpd: SkpdDiff) -> str:
    return f"{skpd.nama} ({skpd.key}) — {skpd.status}"


def _table(skpd: SkpdDiff) -> Table:
    """The SKPD's changes; a value (amount, target with its category, date) is never cut:
    its column is at least as wide (`domain.terminal`), Bagian, Selisih and Lokasi (a
    file:line) are not wrapped at all."""
    table = Table(title=_title(skpd), title_justify="left", show_lines=True, expand=False)
    changes = skpd.changes
    for header, options in (
        ("Bagian", {"no_wrap": True}),
        ("Uraian", {"ratio": 3, "min_width": whole_width(c.uraian for c in changes)}),
        ("Semula", {"ratio": 2, "min_width": whole_width(c.semula for c in changes)}),
        ("Menjadi", {"ratio": 2, "min_width": whole_width(c.menjadi for c in changes)}),
        ("Selisih", {"justify": "right", "no_wrap": True}),
        ("Lokasi", {"no_wrap": True}),
    ):
        table.add_column(header, **options)  # type: ignore[arg-type]
    for change in skpd.changes:
        uraian = Text(shown_uraian(change))
        if change.sasaran and change.uraian != change.sasaran:
            uraian.append(f"\nsasaran: {change.sasaran}", style="dim")
        if change.catatan:
            uraian.append(f"\n⚠ {change.catatan}", style="bold yellow")
        uraian.rstrip()
        if uraian.plain.startswith("\n"):
            uraian = uraian[1:]
        table.add_row(
            Text(change.bagian, style=_COLOURS[change.jenis]),
            uraian,
            change.semula,
            change.menjadi,
            change.selisih_teks,
            str(change.lokasi) if change.lokasi else "",
        )
    return table


def print_diff(diff: RevisionDiff, console: Console) -> None:
    """The readable terminal report: what was compared, a table per changed SKPD, totals."""
    console.print(f"Semula : {diff.semula}", soft_wrap=True)
    console.print(f"Menjadi: {diff.menjadi}", soft_wrap=True)
    for skpd in diff.changed:
        console.print()
        table = _table(skpd)
        if fits(console, table):
            console.print(table)
        else:  # a narrow terminal: one line per change, wrapped by the terminal only
            console.print(_title(skpd), style="bold", soft_wrap=True)
            for line in change_lines(skpd)[: len(skpd.changes)]:
                console.print(line, soft_wrap=True, markup=False, highlight=False)
        total = total_line(skpd)
        if total:
            console.print(total.removeprefix("= "), style="bold", soft_wrap=True)
    console.print()
    console.print(summary(diff), style="bold", soft_wrap=True)
