"""Stage 3: the template context, every value formatted for print.

Contexts are frozen dataclasses so that templates can be checked against them before
rendering: a template that names a field no context provides is reported, not rendered.
"""
