"""`python -m courtchain` is the `courtchain` command."""

from .cli import main

main()
