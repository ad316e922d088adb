"""What the debt work keeps: households, their loans and every step of their debt management
(``households``); and the programme of seed 004 around it: the centre's debt-management plan,
the support of each target household, the follow-up visits (``programme``, ``visits``); and the
country's figures per district, counted by a job (``rollup``)."""

from debts.models.households import *  # noqa: F403
from debts.models.programme import *  # noqa: F403
from debts.models.rollup import *  # noqa: F403
from debts.models.visits import *  # noqa: F403
