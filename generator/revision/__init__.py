"""Revisions of an agreement: what changed between two versions, and the PK Perubahan.

`matching` pairs the items of two lists (by stable id, else by text similarity);
`diff` compares two agreements into typed changes; `sources` reads the two sides (files,
folders, or a folder at a git revision); `report` and `outputs` show a diff (terminal
table, text lines, and the *Daftar Perubahan* as .docx, .xlsx or .json); `naming` names
the output of a revised agreement. Only `sources` and `outputs` touch files.
"""
