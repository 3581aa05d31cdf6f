"""The reporting app's forms, one module per part: file audits, meetings, outcomes (re-entries into
care) and the choice of a quarterly report."""
