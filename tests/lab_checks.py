"""What the labs' tests do to a ``TrainingPanel``: set controls as a student would, and train at
both ends of every control."""


def set_values(panel, values):
    """Set the panel's controls from ``{name: value}``."""
    for name, value in values.items():
        panel.controls[name].value = value


def _ends(control):
    """The two extreme values a control accepts (none for, e.g., free text)."""
    options = getattr(control, "_options_values", None)
    if options:
        return [options[0], options[-1]]
    if isinstance(control.value, bool):
        return [False, True]
    low, high = getattr(control, "min", None), getattr(control, "max", None)
    if low is None or high is None:
        return []
    if isinstance(control.value, tuple):  # range sliders
        return [(low, low), (high, high)]
    base = getattr(control, "base", None)  # FloatLogSlider: min and max are exponents
    return [base**low, base**high] if base is not None else [low, high]


def extreme_values(panel):
    """One ``{name: value}`` per end of every bounded control (its minimum or maximum, first or
    last option, False or True), the other controls at their current values."""
    settings = []
    for name, control in panel.controls.items():
        for end in _ends(control):
            setting = {**panel.values(), name: end}
            if setting not in settings:
                settings.append(setting)
    return settings


def check_extremes(panel):
    """Train at every setting of ``extreme_values``; the problems, as a list (empty when each run
    gave a result, a Spanish message or a diverged run reported as such). The controls get their
    values back afterwards."""
    original = panel.values()
    problems = []
    try:
        for setting in extreme_values(panel):
            set_values(panel, setting)
            panel.click()
            if panel.outcome not in ("ok", "diverged", "input_error"):
                detail = f": {panel.error!r}" if panel.error is not None else ""
                problems.append(f"{panel.describe(setting)} → {panel.outcome}{detail}")
    finally:
        set_values(panel, original)
    return problems
