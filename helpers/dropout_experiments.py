"""Former home of the dropout lab's network; kept for old imports (use ``helpers.dropout_lab``)."""

from helpers.dropout_lab import SEED, Net  # noqa: F401
