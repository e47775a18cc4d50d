"""UNO bridge: converts .docx files to PDF through one running LibreOffice instance.

This script is run by :mod:`generator.pdf.convert` with the system Python (``/usr/bin/python3``),
because only that interpreter can import LibreOffice's ``uno`` module. It must therefore
import nothing but the standard library and ``uno`` -- never the ``generator`` package.

Protocol (JSON lines, one object per line, UTF-8):

* after connecting, the bridge writes ``{"ready": true, "seconds": ...}`` (or
  ``{"ready": false, "error": ...}`` and exits with status 2);
* each stdin line ``{"id": ..., "source": "/abs/x.docx", "target": "/abs/x.pdf"}`` (with
  ``"pdfa": true``: PDF/A-2b) gets
  exactly one stdout line ``{"id": ..., "ok": true, "seconds": ...}`` or
  ``{"id": ..., "ok": false, "error": "...", "fatal": bool, "retry": bool}``. ``fatal``
  means the connection to LibreOffice is gone; the bridge exits (status 3) right after such
  a reply. ``retry`` means LibreOffice itself failed (a UNO runtime exception such as
  ``illegal object given!``, which a dying office answers), not the document: the caller
  tries again on a fresh office.

When stdin reaches end of file (the parent closed it or died), or a watchdog thread sees
that the parent process is gone (a conversion in progress blocks the main thread, so end
of file alone would be noticed only after it), the bridge kills the LibreOffice process
group given by ``--soffice-pgid`` so no office process outlives its parent.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

import uno
from com.sun.star.beans import PropertyValue

# Import filters chosen by extension; forcing the filter makes a corrupt .docx fail
# instead of being silently imported as plain text by type detection.
IMPORT_FILTERS = {
    ".docx": "MS Word 2007 XML",
    ".odt": "writer8",
    ".doc": "MS Word 97",
    ".rtf": "Rich Text Format",
}

# com.sun.star.document.MacroExecMode.NEVER_EXECUTE / UpdateDocMode.NO_UPDATE
NEVER_EXECUTE = 0
NO_UPDATE = 0

PDF_FILTER_DATA = {
    # 0 = PDF 1.x (the LibreOffice 7.4 default, 1.6); fonts are embedded anyway,
    # EmbedStandardFonts covers the base-14 fonts too. `pkgen build --pdfa`: 2 = PDF/A-2b.
    "SelectPdfVersion": 0,
    "EmbedStandardFonts": True,
    "ExportBookmarks": True,
    "ExportNotes": False,
    "ExportFormFields": False,
    "UseTaggedPDF": False,
    "ReduceImageResolution": False,
    "Quality": 90,
}


class BridgeLost(Exception):
    """The UNO connection to LibreOffice is no longer usable."""


def props(**values: Any) -> tuple[PropertyValue, ...]:
    """Build a tuple of ``PropertyValue`` from keyword arguments."""
    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name = name
        prop.Value = value
        out.append(prop)
    return tuple(out)


PDFA_VERSION = 2  # SelectPdfVersion of PDF/A-2 (LibreOffice writes conformance level B)


def filter_data(pdfa: bool = False) -> uno.Any:
    """Return the PDF export FilterData as a typed UNO sequence (PDF/A-2b with ``pdfa``)."""
    data = dict(PDF_FILTER_DATA, SelectPdfVersion=PDFA_VERSION) if pdfa else PDF_FILTER_DATA
    return uno.Any("[]com.sun.star.beans.PropertyValue", props(**data))


def connect(pipe: str, timeout: float) -> Any:
    """Connect to the LibreOffice listening on ``pipe``, retrying until ``timeout``."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
    deadline = time.monotonic() + timeout
    while True:
        try:
            ctx = resolver.resolve(url)
            break
        except Exception:
            # NoConnectException until soffice has opened the pipe.
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)


def is_bridge_error(exc: BaseException) -> bool:
    """Tell whether ``exc`` means the office or the connection died."""
    name = type(exc).__name__
    text = str(exc)
    return (
        name == "DisposedException"
        or "Binary URP bridge" in text
        or "bridge disposed" in text.lower()
        or isinstance(exc, (BrokenPipeError, ConnectionError))
    )


def is_office_error(exc: BaseException) -> bool:
    """Tell whether ``exc`` is LibreOffice failing rather than the document: a UNO runtime
    exception, except the illegal argument a document LibreOffice cannot read gives."""
    names = [f"{cls.__module__}.{cls.__name__}" for cls in type(exc).__mro__]
    return any(n.endswith("com.sun.star.uno.RuntimeException") for n in names) and not any(
        n.endswith("com.sun.star.lang.IllegalArgumentException") for n in names
    )


def update_indexes(doc: Any) -> None:
    """Refresh tables of contents so their page numbers match LibreOffice's layout."""
    try:
        indexes = doc.getDocumentIndexes()
    except AttributeError:
        return
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()


def convert(desktop: Any, source: str, target: str, pdfa: bool = False) -> None:
    """Load ``source`` hidden and read-only, export it to ``target`` as PDF, close it."""
    src = Path(source)
    if not src.is_file():
        # A FIFO or device would block the office forever; a missing file gives an
        # unhelpful "loadComponentFromURL returned an empty reference".
        raise FileNotFoundError(f"berkas sumber tidak ditemukan: {source}")
    load: dict[str, object] = {
        "Hidden": True,
        "ReadOnly": True,
        "MacroExecutionMode": NEVER_EXECUTE,
        "UpdateDocMode": NO_UPDATE,
        "Silent": True,
    }
    filter_name = IMPORT_FILTERS.get(src.suffix.lower())
    if filter_name:
        load["FilterName"] = filter_name
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(str(src)), "_blank", 0, props(**load)
    )
    if doc is None:
        raise RuntimeError("dokumen tidak dapat dibuka (berkas rusak atau bukan .docx)")
    try:
        update_indexes(doc)
        doc.storeToURL(
            uno.systemPathToFileUrl(target),
            props(FilterName="writer_pdf_Export", FilterData=filter_data(pdfa), Overwrite=True),
        )
    finally:
        try:
            doc.close(True)
        except Exception:
            # close() vetoes are harmless; dispose() frees the model regardless.
            doc.dispose()


def group_members(pgid: int) -> list[int]:
    """Return the PIDs whose process group is ``pgid`` (Linux /proc; empty elsewhere)."""
    members = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Fields after the parenthesised command: state ppid pgrp ...
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 2 and fields[2] == str(pgid):
            members.append(int(entry.name))
    return members


def kill_office(pgid: int | None) -> None:
    """Kill the LibreOffice process group if it still exists (the parent usually did)."""
    if not pgid:
        return
    members = group_members(pgid)
    if not members:
        # Already gone: never signal a group id that may since have been reused.
        return
    # Children first, so the group leader (oosplash) can reap soffice.bin.
    for pid in members:
        if pid != pgid:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def remove_leftovers(root: Path, pipe: str) -> None:
    """Delete the worker's temporary directory and the sockets a killed office left in /tmp."""
    profile = root / "profile"
    digest = hashlib.md5(profile.as_uri().encode("utf-16-le"), usedforsecurity=False).digest()
    single = "SingleOfficeIPC_" + "".join(format(byte, "x") for byte in digest)
    for name in (pipe, single):
        for folder in ("/tmp", "/var/tmp"):
            with contextlib.suppress(OSError):
                os.unlink(f"{folder}/OSL_PIPE_{os.getuid()}_{name}")
    shutil.rmtree(root, ignore_errors=True)


def reply(payload: dict[str, Any]) -> None:
    """Write one JSON line to stdout and flush it."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def serve(desktop: Any) -> int:
    """Answer jobs from stdin until end of file; return the exit status."""
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        job_id: Any = None
        started = time.monotonic()
        try:
            job = json.loads(line)
            job_id = job.get("id")
            convert(desktop, job["source"], job["target"], bool(job.get("pdfa")))
        except Exception as exc:
            fatal = is_bridge_error(exc)
            reply(
                {
                    "id": job_id,
                    "ok": False,
                    "error": f"{type(exc).__name__}: {exc}".strip(),
                    "fatal": fatal,
                    "retry": fatal or is_office_error(exc),
                    "seconds": time.monotonic() - started,
                }
            )
            if fatal:
                return 3
            continue
        reply({"id": job_id, "ok": True, "seconds": time.monotonic() - started})
    return 0


def watch_parent(parent: int, pgid: int | None, root: Path | None, pipe: str) -> None:
    """Start a daemon thread that, once ``parent`` is gone, kills the office and exits."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        kill_office(pgid)
        if root is not None:
            remove_leftovers(root, pipe)
        os._exit(4)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    """Connect to LibreOffice and serve conversion jobs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipe", required=True, help="name of the soffice --accept pipe")
    parser.add_argument("--soffice-pgid", type=int, default=None)
    parser.add_argument("--connect-timeout", type=float, default=60.0)
    parser.add_argument(
        "--orphan-cleanup",
        type=Path,
        default=None,
        help="temporary directory to delete (with the office's sockets) if the parent dies",
    )
    args = parser.parse_args(argv)
    parent = os.getppid()
    # The parent handles Ctrl-C; this process only dies with its stdin or its parent.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_parent(parent, args.soffice_pgid, args.orphan_cleanup, args.pipe)
    started = time.monotonic()
    status = 2
    try:
        try:
            desktop = connect(args.pipe, args.connect_timeout)
        except Exception as exc:
            reply({"ready": False, "error": f"{type(exc).__name__}: {exc}"})
            return status
        reply({"ready": True, "seconds": time.monotonic() - started})
        status = serve(desktop)
        return status
    finally:
        kill_office(args.soffice_pgid)
        if args.orphan_cleanup is not None and os.getppid() != parent:
            # The parent died without cleaning up (e.g. SIGKILL): nobody else will.
            remove_leftovers(args.orphan_cleanup, args.pipe)


if __name__ == "__main__":
    sys.exit(main())
