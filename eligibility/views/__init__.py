"""The eligibility app's pages, by feature: `screening` (R-ELIG-1, R-ELIG-2) and `review_cases`
(protocol E, R-REV-1..4). The URLs are in `eligibility.urls`."""
