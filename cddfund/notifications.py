"""Notifications: the in-app inbox of each user and the same by e-mail.

An app tells the users a record concerns (``notify``) from the service that changed the record,
in its transaction: the rows exist exactly when the change does. Who is told is decided by
scope (``staff_over``): only accounts whose area contains the record; and the inbox shows a
notification only while its area is still inside the reader's scope (an account moved to
another district no longer sees the old district's). E-mail goes out from the job queue
(``mail_pending``), once per notification, to accounts with an address that did not turn it off.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext

from cddfund.models import Notification, User
from cddfund.scope import Role, get_visible_or_404

log = logging.getLogger(__name__)

# Notifications older than this are not e-mailed any more (an account that turns e-mail on is
# not sent its whole past).
MAIL_WITHIN = datetime.timedelta(days=2)
MAIL_BATCH = 100


def staff_over(*, province_id, district_id, roles=(Role.DISTRICT,)) -> QuerySet[User]:
    """The active accounts of ``roles`` whose area contains a record of this province and
    district: the district's officers, the province's staff, central office."""
    found = Q(pk__in=[])
    if Role.DISTRICT in roles and district_id:
        found |= Q(role=Role.DISTRICT, district_id=district_id)
    if Role.PROVINCE in roles and province_id:
        found |= Q(role=Role.PROVINCE, province_id=province_id)
    if Role.CENTRAL in roles:
        found |= Q(role=Role.CENTRAL)
    return User.objects.filter(found, is_active=True)


@dataclass(frozen=True)
class Notice:
    """One user's notification: its values and the area of the record it is about."""

    user_id: int
    params: dict = field(default_factory=dict)
    province_id: str | None = None
    district_id: str | None = None


def notify(
    users: QuerySet[User],
    message: str,
    *,
    params: dict | None = None,
    url: str = "",
    province_id=None,
    district_id=None,
    key: str = "",
) -> int:
    """Tell ``users`` that ``message`` % ``params`` (a source text marked with
    ``gettext_noop``) about a record of this province and district (``send``)."""
    notices = [
        Notice(pk, params or {}, province_id, district_id)
        for pk in users.values_list("pk", flat=True)
    ]
    return send(message, notices, url=url, key=key)


def send(message: str, notices: list[Notice], *, url: str = "", key: str = "") -> int:
    """Write ``notices`` of ``message``, each linking to ``url`` (a path of this site), in one
    insert whatever their number. With a ``key``, each user is told once whatever runs it
    again, at the same time or later. Returns how many users were told."""
    if url and (not url.startswith("/") or url.startswith("//")):
        raise ValueError(f"a notification links only inside the site: {url!r}")
    by_user = {}
    for notice in notices:
        by_user.setdefault(notice.user_id, notice)
    with transaction.atomic():
        if key:
            # One writer per key at a time: a second run waits, then finds the rows written.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"notify:{key}"])
            told = Notification.objects.filter(user_id__in=by_user, key=key)
            for user_id in told.values_list("user_id", flat=True):
                del by_user[user_id]
        if not by_user:
            return 0
        Notification.objects.bulk_create(
            Notification(
                user_id=notice.user_id,
                message=str(message),
                params=notice.params,
                url=url,
                province_id=notice.province_id,
                district_id=notice.district_id,
                key=key,
            )
            for _user_id, notice in sorted(by_user.items())
        )
        User.objects.filter(pk__in=by_user).update(
            unread_notifications=F("unread_notifications") + 1
        )
        _mail_later()
    return len(by_user)


def _mail_later() -> None:
    """Queue the e-mail job, in the caller's transaction; one waiting job serves every
    notification written before it runs."""
    from procrastinate import exceptions

    from cddfund.tasks import mail_notifications

    try:
        with transaction.atomic():  # a refused queueing lock must not spoil the caller's work
            mail_notifications.configure(queueing_lock="mail_notifications").defer()
    except exceptions.AlreadyEnqueued:
        pass


# --- the inbox ---------------------------------------------------------------------------------


def inbox(user) -> QuerySet[Notification]:
    """The user's notifications whose records are inside the user's scope, newest first."""
    return Notification.objects.visible_to(user).filter(user=user)


def unread_count(user) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


def recount(user) -> int:
    """Set the header's unread count from the inbox itself."""
    count = unread_count(user)
    if count != user.unread_notifications:
        User.objects.filter(pk=user.pk).update(unread_notifications=count)
        user.unread_notifications = count
    return count


@transaction.atomic
def mark_read(user, ids=None) -> int:
    """Mark the user's notifications read (those of ``ids``, or all); returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    marked = unread.update(read_at=timezone.now())
    recount(user)
    return marked


def open_notification(user, pk: int) -> Notification:
    """The user's own notification, marked read (404 for anyone else's, or one out of scope)."""
    found = get_visible_or_404(Notification.objects.filter(user=user), user, pk=pk)
    if found.read_at is None:
        mark_read(user, [found.pk])
    return found


def email_preference_save(*, user, email_notifications: bool) -> None:
    user.email_notifications = email_notifications
    user.save(update_fields=["email_notifications"])


# --- e-mail --------------------------------------------------------------------------------------


def _pending():
    return Notification.objects.filter(
        emailed_at__isnull=True,
        created_at__gte=timezone.now() - MAIL_WITHIN,
        user__is_active=True,
        user__email_notifications=True,
    ).exclude(user__email="")


def _message(notification: Notification) -> EmailMessage:
    text = notification.text
    link = f"{settings.SITE_URL.rstrip('/')}{notification.url}" if notification.url else ""
    body = "\n\n".join(
        part
        for part in (
            text,
            link,
            gettext("ปิดการแจ้งเตือนทางอีเมลได้ที่ %(url)s")
            % {"url": f"{settings.SITE_URL.rstrip('/')}/inbox/settings/"},
        )
        if part
    )
    subject = gettext("[ศูนย์จัดการกองทุนชุมชน] %(text)s") % {"text": text}
    return EmailMessage(subject[:150], body, to=[notification.user.email])


def mail_pending() -> int:
    """E-mail every notification not yet e-mailed, a batch at a time; rows another worker holds
    are skipped (it sends them), so each goes out once. Returns how many were sent."""
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        while True:
            with transaction.atomic():
                batch = list(
                    _pending()
                    .select_related("user")
                    .select_for_update(skip_locked=True, of=("self",))
                    .order_by("created_at", "id")[:MAIL_BATCH]
                )
                if not batch:
                    return sent
                with get_connection() as mail:
                    mail.send_messages([_message(n) for n in batch])
                Notification.objects.filter(pk__in=[n.pk for n in batch]).update(
                    emailed_at=timezone.now()
                )
                sent += len(batch)
