"""Demo data of the mentoring app, called by `manage.py seed_demo` after the core demo data. Idempotent."""


def load(demo):
    """`demo` carries what the core made: demo.sites (name -> Site), demo.partners (list), demo.users
    (username -> User), demo.today and demo.rng (a seeded random.Random)."""
    from mentoring import demo_support

    demo_support.load(demo)
