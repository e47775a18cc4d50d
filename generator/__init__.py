"""pkgen: Perjanjian Kinerja and Rencana Kerja RB documents from YAML data.

One package per pipeline stage, each importing only from the stages before it: `domain`
(pure rules) → `data` (YAML → validated models) → `context` (formatted for print) →
`templates` (.docx) → `pdf` (LibreOffice, the book) → `build` (the pipeline) →
`workbook`, `revision` → `cli`. See docs/architecture.md.
"""

__version__ = "0.1.0"
