"""Repeatable runs: one call seeds Python, NumPy and Keras and makes TensorFlow deterministic."""

from helpers.errors import check_int


def seed_everything(seed=42):
    """Seed Python's ``random``, NumPy and Keras, and turn on TensorFlow op determinism.

    After this call, the same cell run twice in a fresh kernel prints the same numbers.
    Returns the seed.
    """
    seed = check_int("seed", seed, minimum=0, maximum=2**32 - 1)
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)  # Python, NumPy and the backend's global generators
    tf.config.experimental.enable_op_determinism()
    return seed
