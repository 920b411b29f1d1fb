"""``python -m dipreader``: the ``dipreader`` command."""

from dipreader.main import main

raise SystemExit(main())
