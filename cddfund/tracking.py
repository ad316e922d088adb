"""Which writes the audit trail keeps (see cddfund.audit for reading it)."""

import pghistory


def tracked(
    *, inserts: bool = True, exclude: list[str] | None = None, manual: tuple[str, ...] = ()
):
    """Class decorator: keep every update and delete (and insert unless ``inserts=False``);
    ``manual`` names events the code records itself (``pghistory.create_event``), for what no
    column shows, such as a new password.

    Tracker objects are created per model: django-pghistory binds each one to its model.
    """

    def decorate(model):
        trackers = [pghistory.UpdateEvent(), pghistory.DeleteEvent()]
        if inserts:
            trackers.insert(0, pghistory.InsertEvent())
        trackers.extend(pghistory.ManualEvent(label) for label in manual)
        return pghistory.track(*trackers, exclude=exclude)(model)

    return decorate
