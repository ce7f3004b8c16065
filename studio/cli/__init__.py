"""The `studio` command: argparse, printing to the terminal and Ctrl+C handling for the
`generate`, `models`, `gallery`, `params`, `devices` and `benchmark` subcommands, and the
switch that opens the window. Everything it runs lives in `studio.core`, which knows nothing
of a command line.
"""
