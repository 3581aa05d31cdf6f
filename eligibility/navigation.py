"""Eligibility's entry in the navigation bar (`parentpartner.navigation`)."""

from parentpartner.navigation import NavItem

NAVIGATION = [NavItem("Eligibility", "eligibility:record-list", "eligibility.list", order=50)]
