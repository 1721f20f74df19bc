"""The verdict of a self-check, printed in Spanish and kept for tests."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Feedback:
    """``ok`` and the hints for what is still wrong (empty when ``ok``)."""

    ok: bool
    hints: tuple = ()

    def __str__(self):
        if self.ok:
            return "¡Correcto!"
        return "Todavía no:\n" + "\n".join(f"  · {h}" for h in self.hints)

    def _repr_html_(self):
        color = "#1b5e20" if self.ok else "#b00020"
        body = str(self).replace("\n", "<br>")
        return f'<div style="color:{color}; font-weight:500">{body}</div>'


def report(problems):
    """A ``Feedback`` from a list of hints: correct when the list is empty."""
    problems = tuple(p for p in problems if p)
    return Feedback(ok=not problems, hints=problems)
