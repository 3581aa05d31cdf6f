"""Fictional demo data (`manage.py seed_demo`, which only calls `seed.load`): the organisation and
people (`roster`), then each app's own demo data (`<app>.demo`, in the order the apps build on each
other), then role progression's forms and Lead case (`progression`), which build on all of them.

Idempotent: running it twice changes nothing. The apps contribute what a demo candidate needs for an
approval form through `READY_STEPS` (eligibility: a full screening; training: the trainings and
shadowing), so the core reaches into neither.
"""

from collections.abc import Callable
from typing import Any

# Not a secret: the documented demo password (README, `make run`), hence the nosec.
DEMO_PASSWORD = "parent-partner-demo-2026"  # nosec B105

# step(partner, veteran, demo) -> False when the person should not be made ready (under review,
# disqualified); registered by the apps' demo modules when `seed.load` imports them.
READY_STEPS: list[Callable[[Any, Any, Any], bool | None]] = []
