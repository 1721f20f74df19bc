import random

import numpy as np
import pytest

from helpers import CourseInputError, seed_everything


def test_seeds_python_and_numpy():
    seed_everything(5)
    first = (random.random(), np.random.rand())
    seed_everything(5)
    assert (random.random(), np.random.rand()) == first


@pytest.mark.parametrize("seed", [-1, 1.5, "3", None])
def test_bad_seed(seed):
    with pytest.raises(CourseInputError, match="«seed»"):
        seed_everything(seed)


def test_import_helpers_does_not_import_tensorflow():
    import subprocess
    import sys

    code = "import sys, helpers; print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
