"""Every write to household debts, by subject: ``households`` (households, surveys, loans),
``classes`` (debtor classes, classification, target households) and ``restructure`` (change
terms, transfer, consolidation, repayment, write-off)."""
