"""Password rules beyond Django's own (see AUTH_PASSWORD_VALIDATORS in settings)."""

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class MaximumLengthValidator:
    """At most 128 characters: room for any passphrase or password manager, while bounding the work
    a single login asks of the (deliberately slow) Argon2 hasher."""

    def __init__(self, max_length=128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long. It must contain at most %(max_length)d character.",
                    "This password is too long. It must contain at most %(max_length)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self):
        return f"Your password can have at most {self.max_length} characters."
