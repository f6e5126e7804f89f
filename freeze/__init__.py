"""Build helpers for the standalone app, used by build.spec (never shipped in it)."""
