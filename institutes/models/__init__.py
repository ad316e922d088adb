"""What a centre keeps: its registers (``centres``) and its own books (``books``)."""

from institutes.models.books import *  # noqa: F403
from institutes.models.centres import *  # noqa: F403
