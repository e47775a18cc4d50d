"""Agreements as spreadsheets: the form SKPD fill in, export, import, and the leadership recap.

`layout` declares the workbook once (sheets, columns, identity rows); `mapping` turns a model
into rows and rows back into plain data; `cells` reads and writes single cells without losing
precision; `export`, `importer` and `recap` are the three commands; `yamlmerge` writes or
updates the YAML (comments and key order kept) and `changes` shows what changed.
"""
