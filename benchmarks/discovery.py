"""What there is to measure: the lesson notebooks and the labs' panel factories."""

import inspect
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
HELPERS = ROOT / "helpers"

_LESSON = re.compile(r"^\d\d_.+\.ipynb$")
_FACTORY_NAME = re.compile(r"(lab|panel)", re.IGNORECASE)


def find_notebooks(folder=NOTEBOOKS):
    """Every notebook named ``NN_….ipynb`` in ``folder``, in course order (the index included)."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if _LESSON.match(p.name))


def find_lab_modules(folder=HELPERS, package="helpers"):
    """Dotted names of the lab modules, ``helpers/*_lab.py``, sorted."""
    return sorted(f"{package}.{p.stem}" for p in Path(folder).glob("*_lab.py"))


def _returns_panel(function):
    annotation = inspect.signature(function).return_annotation
    if annotation is inspect.Signature.empty:
        return None
    name = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    return "TrainingPanel" in str(name)


def find_lab_factories(module):
    """Names of ``module``'s panel factories: public functions defined there, callable without
    arguments, annotated to return a ``TrainingPanel`` or (unannotated) named ``*lab*``/``*panel*``.

    The caller still checks that what a factory returns is a ``TrainingPanel``.
    """
    names = []
    for name, obj in vars(module).items():
        if name.startswith("_") or not inspect.isfunction(obj):
            continue
        if obj.__module__ != module.__name__:
            continue
        parameters = inspect.signature(obj).parameters.values()
        if any(
            p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
            for p in parameters
        ):
            continue
        returns_panel = _returns_panel(obj)
        if returns_panel or (returns_panel is None and _FACTORY_NAME.search(name)):
            names.append(name)
    return sorted(names)


def lab_target_seconds(module_name, factory_name=""):
    """The click-to-plot target: 3 s for the dropout labs (two networks side by side), else 2 s."""
    return 3.0 if "dropout" in f"{module_name}.{factory_name}".lower() else 2.0
