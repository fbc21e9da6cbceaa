"""The meeting log."""
