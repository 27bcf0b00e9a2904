"""The Textual front end of appalti; reaches data only through tracker.api."""
