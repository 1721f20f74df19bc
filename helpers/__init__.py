"""Shared code of the course notebooks: data, models, training, schedules, plots and labs.

Importing the package is cheap: TensorFlow and Keras are imported by the functions that use them.
TensorFlow's start-up banners are silenced where the kernel starts (the kernel spec that
``make install`` writes, binder/start, the Makefile and the test configuration), not here.
"""

from helpers.errors import CourseInputError
from helpers.seeds import seed_everything

__all__ = ["CourseInputError", "seed_everything"]
