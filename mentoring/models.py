"""Families, assignments and monthly activity forms (R-FAM-*): built by the mentoring issue."""
