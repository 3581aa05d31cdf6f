"""`parentpartner/` is two things, kept apart by name:

The project (how the site runs): `settings.py` and `env.py` (environment variables that fail loudly),
`urls.py` (the project's URLs, and the core's own pages under the namespace "parentpartner"), `wsgi.py`,
`asgi.py`, `security.py` (session limits, the error page), `validators.py` (password length),
`backup.py` (`make backup` / `make restore`), `context_processors.py`.

The core app (what every other app builds on), in the same shape as every app:
- `models/` (organisation, users, people, progression, lead, audit), `views/`, `forms/`, `filters.py`,
  `panels/`, `navigation.py`, `demo/`, `admin.py`, `templates/parentpartner/`;
- `services/`, the rules: `door` (the one door for a role or standing change), `gates` (what each
  change needs), `progression` (the next role, the approval form), `lead` (the Lead Parent Partner
  case, certification), `exports` (export purpose and log), `two_factor`;
- two decisions every app asks: `access` (who sees what: the only place) and `audit` (history, access
  log);
- the mechanisms every app uses: `records` (the one versioned save), `states` (the one state machine),
  `viewmixins` (the pages' pieces, the one step view), `roles`, `dates`, `spreadsheets`, `adminhistory`, `subqueries`,
  `links`, `widgets`, `contributions` (how the core finds the apps' panels and navigation).

The core imports no other app (tests/core/test_door.py::test_the_core_imports_no_other_app); the apps
contribute through registries (gates, panels, navigation, the Lead request's figures, the site-move
checks, the demo's ready steps).
"""
