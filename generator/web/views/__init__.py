"""Thin views: each resolves what the URL names through `access.guarded`, calls a service
(`changes`, `workflow`, `editing`, `builds`, `status`) and renders a template."""
