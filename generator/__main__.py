"""`python -m generator` is the same as the `pkgen` command."""

from generator.cli import main

main()
