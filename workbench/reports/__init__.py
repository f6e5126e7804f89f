"""Verdict reports: `gather` reads a scope into one `Report`, one renderer per format
writes it, `export.export_report` ties them together. Only `pdf.py` uses Qt (QtGui)."""
