"""The reporting rules, one module per part: file audits (R-SUP-4), meetings (R-ORG-4, R-SUP-3),
outcomes (R-OUT-1), the dashboards, and the quarterly reports (R-SUP-5, the `quarterly_reports`
package), with the calendar quarters and chart data they share. Views stay thin and call these."""
