"""The mentoring app's forms, one module per feature: families and cases, monthly activity forms,
community outreach forms, supervision and clinical support, pay, safety concerns, and the month
field they share."""
