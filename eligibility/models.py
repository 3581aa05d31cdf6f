"""Eligibility screening and review cases (R-ELIG-*, R-REV-*): built by the eligibility issue."""
