"""dipreader: a terminal reader for diplomatic-meeting readouts."""

__version__ = "0.1.0"
