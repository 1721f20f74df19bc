"""Self-check cells for the exercises: say "¡Correcto!" or what is still wrong, not the answer."""

from helpers.exercises.feedback import Feedback, report

__all__ = ["Feedback", "report"]
