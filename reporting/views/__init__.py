"""The reporting app's pages, one module per part: file audits, quarterly reports, dashboards,
meetings and outcomes."""
