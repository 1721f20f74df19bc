"""The full-scale runs are opt-in: ``pytest -m full_scale tests/full_scale`` (many minutes).

Without ``-m full_scale`` their tests are deselected, so ``make test`` and a plain ``pytest``
never start them; every other test, nbval's notebook items included, is selected as before.
"""


def _asked_for(config):
    expression = config.getoption("markexpr") or ""
    return "full_scale" in expression.replace("not full_scale", "")


def pytest_collection_modifyitems(config, items):
    if _asked_for(config):
        return
    kept = [item for item in items if item.get_closest_marker("full_scale") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept
