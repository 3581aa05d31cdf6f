"""Quarterly reports, file audits and dashboards (R-SUP-3..5, R-OUT-1): built by the reporting issue."""
