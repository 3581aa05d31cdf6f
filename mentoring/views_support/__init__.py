"""Pages for community outreach, supervision and clinical support, pay, and safety concerns."""
