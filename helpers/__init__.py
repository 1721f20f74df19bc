"""Shared code of the course notebooks: data, models, training, schedules, plots and labs.

Lessons import its modules and call their functions with the prefix, so a student sees which file
holds each one: ``from helpers import data, plots`` → ``plots.plot_history(...)``; a lesson's
checkers come as ``from helpers.exercises import history as ejercicios``. A module named after its
one public function (``diagnose``, ``history_lab``) is imported by that name instead.

Importing the package is cheap: TensorFlow and Keras are imported by the functions that use them.
TensorFlow's start-up banners are silenced where the kernel starts (the kernel spec that
``make install`` writes, binder/start, the Makefile and the test configuration), not here.
"""

from helpers.errors import CourseInputError
from helpers.seeds import seed_everything

__all__ = ["CourseInputError", "seed_everything"]
