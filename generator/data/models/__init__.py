"""Validated data models: what the YAML files may contain.

`types` (field types), `common` (unit, officials, pemda), `perjanjian` (PK); each module
is imported directly so that calculations can use the value types without a cycle.
"""
