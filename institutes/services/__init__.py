"""Every write to a centre and its registers, one function per domain action, by subject:
``centres`` (centre, bank accounts), ``members`` (village groups, membership), ``shares``,
``board`` and ``registers`` (capital, meetings, plan, welfare)."""
