"""The eligibility app's pages in the permission matrix (see tests/test_permissions.py)."""

PAGES: list = []
