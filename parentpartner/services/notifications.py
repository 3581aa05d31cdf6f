"""Notifications: a message to one person in the app (the notifications page, an unread count in the
navigation bar) and by e-mail. Used by parentpartner.services.logins to tell a person what was done to
their login."""

import logging
import smtplib

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F

from parentpartner.models import Notification, User

logger = logging.getLogger("parentpartner.services.notifications")


def notify(recipient: User, message: str, link: str = "", also_to: str = "") -> Notification:
    """An in-app notification and an e-mail (sent once the change is committed, so a rolled-back
    change tells no one; `also_to`: one more address, e.g. the old one when the e-mail changed)."""
    notification = Notification.objects.create(recipient=recipient, message=message[:500], link=link)
    User.objects.filter(pk=recipient.pk).update(unread_notifications=F("unread_notifications") + 1)
    addresses = [address for address in {recipient.email, also_to} if address]
    if addresses:
        transaction.on_commit(lambda: _send(addresses, message))
    return notification


def _send(addresses: list[str], message: str) -> None:
    body = f"{message}\n\nIf you did not expect this, tell the statewide coordinator at once."
    try:
        send_mail("Parent Partner program: your login", body, None, sorted(addresses))
    except (OSError, smtplib.SMTPException):
        # The change is committed and the in-app notification is there; a mail server that is down
        # must not turn it into an error page.
        logger.exception("Could not send a login notification")
