"""The scriptable subcommands of ``dipreader``, one module per group of commands.

``commands`` builds the parser and runs a command line; ``reading`` (list, attribute,
search), ``notes`` (export) and ``views`` (statements, compare, trend) hold the commands;
``arguments`` and ``output`` are what they share. The reader app is no part of this package:
``dipreader.main`` hands it in (the command line and the reader never import each other).

Exit status: 0 when at least one article loaded, 1 when none did, 2 for a usage error.
Problems go to stderr, one line per file: its path (escaped) and the reason.
"""
