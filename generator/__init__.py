"""pkgen: Perjanjian Kinerja and Rencana Kerja RB documents from YAML data.

Pipeline, one module per stage: `loading` (YAML → validated `models`) → `calculations`
(derived values) → `context` (formatted for print) → `render` (.docx) → `writer`
(atomic outputs); `build` runs the stages for a batch, `cli` is the command line.
"""

__version__ = "0.1.0"
