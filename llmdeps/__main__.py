"""`python -m llmdeps`."""

from llmdeps.cli.app import main

main()
