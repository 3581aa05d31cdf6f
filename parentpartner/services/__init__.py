"""The core's rules: the one door for a role or standing change (`door`), what each change needs
(`gates`), the next role and the Training Verification and Approval form (`progression`), the Lead
Parent Partner case and coordinator certification (`lead`), exports and their log (`exports`), the
second step of a login (`two_factor`)."""
