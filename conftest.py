"""Loaded by pytest for every test path, notebooks included."""

import os

# The kernels nbval starts inherit this environment: no TensorFlow banners in the notebooks
# (see helpers/__init__.py).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
