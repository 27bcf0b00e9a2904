"""Published OCDS data (ANAC's and any publisher's) read into plain facts."""

from __future__ import annotations
