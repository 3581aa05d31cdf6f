"""The mentoring rules, one module per feature: cases (referrals, assignments, closing, first contacts,
worklists), matching, the monthly activity forms and community outreach forms with their shared review
(review), safety concerns, reassignments, supervision, pay and working days. Views stay thin and call
these; each function cites the rule ids it enforces."""
