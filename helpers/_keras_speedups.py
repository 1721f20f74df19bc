"""Speed-ups of Keras' ``fit`` for ``helpers.training`` (not taught): faster, same numbers.

Undocumented Keras names are spelled once, below; if an upgrade removes one, its speed-up is
skipped and Keras runs as usual. tests/test_keras_speedups.py runs each speed-up and fallback;
benchmarks/training_variants.py measures them.
"""

import contextlib

import numpy as np

# Undocumented Keras 3 model attributes: the traced training step (``None`` until ``fit`` traces
# it) and the number of batches one call of that step runs (a ``compile`` argument).
TRACED_STEP = "train_function"
STEPS_PER_CALL = "steps_per_execution"
TEST_STEP = "test_function"  # the traced evaluation step, built like TRACED_STEP
# Running a whole epoch per call costs one slower trace (~0.25 s of CPU) and saves ~10 ms per
# epoch on the course's networks: it pays from about 25 epochs.
WHOLE_EPOCH_MIN_EPOCHS = 25
_BATCH_HOOKS = ("on_batch_begin", "on_batch_end", "on_train_batch_begin", "on_train_batch_end")


def trace_once(model):
    """Create the optimizer's and the metrics' variables before ``fit`` traces its step.

    Keras otherwise creates them while tracing, and TensorFlow then traces the training step a
    second time (about half of ``fit``'s fixed cost on this course's small networks). Public Keras
    methods on a batch of zeros, in inference mode (no random draw); the metrics are then reset.
    Returns whether it ran; if anything fails, Keras creates them while tracing as before.
    """
    if model.optimizer is None or model.optimizer.built:
        return False
    try:
        x = np.zeros((1, model.inputs[0].shape[-1]), dtype="float32")
        y = np.zeros((1,), dtype="int64")
        y_pred = model(x, training=False)
        model.optimizer.build(model.trainable_variables)
        model.compute_loss(x, y, y_pred)
        model.compute_metrics(x, y, y_pred)
    except Exception:  # an optimisation only: a model it does not suit trains as before
        return False
    finally:
        model.reset_metrics()
    return True


def watches_batches(callback):
    """True if ``callback`` overrides a per-batch hook of ``keras.callbacks.Callback``."""
    import keras

    for hook in _BATCH_HOOKS:
        method = getattr(callback, hook, None)
        if getattr(method, "__func__", method) is not getattr(keras.callbacks.Callback, hook):
            return True
    return False


def run_whole_epochs(model, n_batches, *, epochs, callbacks=None):
    """Let Keras run a whole epoch per call of its traced step (``steps_per_execution`` = batches
    per epoch): the same updates with fewer round trips from Python. Returns whether it did.

    Only for a model not traced yet, at one batch per call (a user's own value stays), for
    ``epochs`` ≥ ``WHOLE_EPOCH_MIN_EPOCHS`` (all that the traced step will run) and when no
    callback watches single batches. Relies on ``TRACED_STEP`` and ``STEPS_PER_CALL``.
    """
    if (
        getattr(model, TRACED_STEP, "unknown") is not None
        or getattr(model, STEPS_PER_CALL, None) != 1
        or epochs < WHOLE_EPOCH_MIN_EPOCHS
        or n_batches < 2
        or any(watches_batches(cb) for cb in callbacks or [])
    ):
        return False
    setattr(model, STEPS_PER_CALL, n_batches)
    return True


def reuse_traced_step(trained, fresh, callbacks=None):
    """``trained`` reset to the state of the untrained ``fresh`` model, or ``fresh`` itself.

    Copying the variables (weights and dropout seeds) and the optimizer's variables keeps
    ``trained``'s traced training step: a new model traces it again (about a second on a CPU).
    ``fresh`` is returned when the two differ in structure, or when ``trained`` runs whole epochs
    per call and one of ``callbacks`` watches single batches.
    """
    batch_callback = any(map(watches_batches, callbacks or []))
    if trained is None or (getattr(trained, STEPS_PER_CALL, 1) != 1 and batch_callback):
        return fresh
    fresh.optimizer.build(fresh.trainable_variables)
    kinds, states = [], []
    for model in (trained, fresh):
        kinds.append([type(part) for part in (model, model.optimizer, *model.layers)])
        states.append([*model.variables, *model.optimizer.variables])
    if kinds[0] != kinds[1] or [v.shape for v in states[0]] != [v.shape for v in states[1]]:
        return fresh
    for old, new in zip(*states, strict=True):
        old.assign(new)
    return trained


@contextlib.contextmanager
def evaluate_one_batch_per_call(model):
    """Inside, ``model.evaluate`` runs one batch per call even if training runs whole epochs.

    Evaluating the course's data takes one or two batches of 1024: a traced loop over batches
    costs a slower trace (~0.15 s of CPU) for nothing. The one-batch step is kept aside between
    uses, so Keras' own evaluation (a callback's, during ``fit``) traces and uses its own step.
    Relies on ``TEST_STEP`` and ``STEPS_PER_CALL``; without them, Keras evaluates as usual.
    """
    steps = getattr(model, STEPS_PER_CALL, 1)
    if steps == 1 or not hasattr(model, TEST_STEP):
        yield
        return
    keras_own = getattr(model, TEST_STEP)
    setattr(model, TEST_STEP, getattr(model, "_course_one_batch_test_step", None))
    setattr(model, STEPS_PER_CALL, 1)
    try:
        yield
    finally:
        model._course_one_batch_test_step = getattr(model, TEST_STEP)
        setattr(model, TEST_STEP, keras_own)
        setattr(model, STEPS_PER_CALL, steps)
