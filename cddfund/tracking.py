"""Which writes the audit trail keeps (see cddfund.audit for reading it)."""

import pghistory


def tracked(*, inserts: bool = True, exclude: list[str] | None = None):
    """Class decorator: keep every update and delete (and insert unless ``inserts=False``).

    Tracker objects are created per model: django-pghistory binds each one to its model.
    """

    def decorate(model):
        trackers = [pghistory.UpdateEvent(), pghistory.DeleteEvent()]
        if inserts:
            trackers.insert(0, pghistory.InsertEvent())
        return pghistory.track(*trackers, exclude=exclude)(model)

    return decorate
