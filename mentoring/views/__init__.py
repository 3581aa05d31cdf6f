"""The mentoring pages, one module per feature: families, cases (matching, reassignment, closing, the
worklist), monthly activity forms, community outreach forms, supervision and clinical support, pay,
safety concerns."""
