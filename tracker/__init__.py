"""appalti: procurement and service-continuity tracker (domain core)."""

__version__ = "0.1.0"
