"""The web workspace (`pkgen serve`): the secretariat and every SKPD operator work on the
PKs in a browser, over the same engine the command line uses.

The YAML folder stays the single source of truth: every change goes through the same
validation (`generator.data.loading`), YAML update (`generator.workbook.yamlmerge`),
revision diff (`generator.revision`) and incremental build (`generator.build.pipeline`).
The database (SQLite beside the data, or PostgreSQL) holds what the files do not:
accounts, roles, the verification workflow, saved versions, build jobs and the audit log.

Modules: `settings` (Django configured from `PKGEN_*` variables), `models`, `access` (the
permission matrix, checked in one place), `workspace` (pemda and SKPD found in the data
folder, their status), `changes` (saving a new text: versions, conflicts, git), `workflow`
(diajukan → dikembalikan / disetujui), `builds` (the background worker and its queue),
`uploads` (workbook checks), `editing` (the target form), `views/` (thin), `server`
(`pkgen serve`).
"""
