"""Shared code of the course notebooks: data, models, training, schedules, plots and labs.

Importing the package is cheap: TensorFlow and Keras are imported by the functions that use them.
"""

import os

# TensorFlow's C++ start-up banners reach the notebook as red text and mean nothing to a student.
# Only both settings together silence them; oneDNN's custom kernels only pay off on large
# convolutions, not on the course's small networks. Set them before starting Jupyter to override.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

from helpers.errors import CourseInputError  # noqa: E402
from helpers.seeds import seed_everything  # noqa: E402

__all__ = ["CourseInputError", "seed_everything"]
