"""Pure domain rules: Indonesian formatting, reference scales, calculations, numbering. No I/O."""
