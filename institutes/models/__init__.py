"""What a centre keeps: its registers (``centres``) and its own books (``books``); and the
savings groups' programme toward the SMART Saving Group standard (``savings``)."""

from institutes.models.books import *  # noqa: F403
from institutes.models.centres import *  # noqa: F403
from institutes.models.savings import *  # noqa: F403
