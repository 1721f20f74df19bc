"""Training with the course's defaults (``model.fit`` on cached tf.data), and cross-validation."""

import time
from contextvars import ContextVar

import numpy as np

from helpers.data import check_features_and_labels, make_tf_dataset
from helpers.errors import CourseInputError, check_int


def train(
    model,
    X_train,
    y_train,
    X_val=None,
    y_val=None,
    *,
    epochs=50,
    batch_size=32,
    callbacks=None,
    seed=0,
    verbose=0,
):
    """Fit ``model`` with ``model.fit`` on cached tf.data pipelines; returns Keras' ``History``.

    With validation data, Keras evaluates it after every epoch and the history gains ``val_`` keys.
    For runs of ``WHOLE_EPOCH_MIN_EPOCHS`` epochs or more, when no callback watches single batches
    and ``verbose=0``, Keras runs a whole epoch per call (``model.steps_per_execution`` = batches
    per epoch; the model keeps it). Same updates, same numbers; fewer round trips from Python.
    """
    epochs = check_int("epochs", epochs, minimum=1)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    if (X_val is None) != (y_val is None):
        raise CourseInputError("X_val/y_val", "solo uno de los dos", "pasa ambos o ninguno")
    if callbacks is not None and not isinstance(callbacks, list | tuple):
        raise CourseInputError("callbacks", callbacks, "debe ser una lista de callbacks de Keras")
    _check_model(model)
    train_ds = make_tf_dataset(X_train, y_train, batch_size=batch_size, shuffle=True, seed=seed)
    _check_data_fits_model(model, X_train, y_train, x_param="X_train", y_param="y_train")
    val_ds = None
    if X_val is not None:
        # Validation batches can be large: evaluation needs no gradient, so fewer steps is faster.
        val_ds = make_tf_dataset(X_val, y_val, batch_size=1024, shuffle=False)
        _check_data_fits_model(model, X_val, y_val, x_param="X_val", y_param="y_val")
    _build_state(model, X_train)
    _choose_steps_per_call(
        model, n_batches=-(-len(X_train) // batch_size), epochs=epochs, callbacks=callbacks,
        verbose=verbose,
    )  # fmt: skip
    return model.fit(
        train_ds,
        validation_data=val_ds,
        epochs=epochs,
        callbacks=list(callbacks or []),
        verbose=verbose,
        shuffle=False,  # the pipeline already reshuffles every epoch
    )


def _check_model(model):
    import keras

    if not isinstance(model, keras.Model):
        raise CourseInputError(
            "model", type(model).__name__, "debe ser un modelo de Keras (keras.Sequential o Model)"
        )
    if not getattr(model, "compiled", True):
        raise CourseInputError(
            "model",
            model.name,
            "no está compilado: llama antes a model.compile(optimizer=…, loss=…, metrics=[…])",
        )


def _model_width(tensors):
    """The last dimension of a built model's first input or output, or ``None`` if unknown."""
    try:
        return tensors()[0].shape[-1]
    except (AttributeError, IndexError, TypeError, ValueError):
        return None


def _labels_text(labels):
    shown = ", ".join(str(v) for v in labels[:6])
    return f"etiquetas {{{shown}{', …' if len(labels) > 6 else ''}}}"


def _check_data_fits_model(model, X, y, *, x_param="X", y_param="y", config=None):
    """Raise ``CourseInputError`` unless ``X`` has the columns ``model`` expects and the labels
    ``y`` suit its output: 0 or 1 for one (sigmoid) unit, 0…k−1 for k (softmax) units.

    ``X`` and ``y`` must have passed ``check_features_and_labels``. A model without an input yet
    (no ``keras.Input``) is not checked. With ``config``, the error names that configuration of
    ``cross_validate`` instead of the data.
    """
    n_inputs = _model_width(lambda: model.inputs)
    n_columns = np.shape(X)[1]
    if n_inputs is not None and n_inputs != n_columns:
        if config is not None:
            raise CourseInputError(
                "configs",
                config,
                f"su función construye una red de {n_inputs} entradas y X tiene {n_columns} "
                "columnas; usa su primer argumento, n_inputs, en keras.Input(shape=(n_inputs,))",
            )
        raise CourseInputError(
            x_param,
            f"una matriz de {n_columns} columnas",
            f"la red espera {n_inputs} columnas (su keras.Input); usa datos con {n_inputs} "
            f"columnas o construye la red para {n_columns}",
        )
    n_outputs = _model_width(lambda: model.outputs)
    if n_outputs is None:
        return
    labels = np.unique(np.asarray(y)).tolist()
    if n_outputs == 1:
        bad, valid = set(labels) - {0, 1}, "0 o 1"
        output = "una sola unidad (sigmoide), que da la probabilidad de la clase 1"
    else:
        bad, valid = {v for v in labels if v >= n_outputs}, f"de 0 a {n_outputs - 1}"
        output = f"{n_outputs} unidades (softmax), una por clase"
    if not bad:
        return
    if config is not None:
        raise CourseInputError(
            "configs",
            config,
            f"su función construye una salida de {output}, y las {_labels_text(labels)} no "
            "caben; usa su segundo argumento, n_classes, para la capa de salida",
        )
    raise CourseInputError(
        y_param,
        _labels_text(labels),
        f"la red termina en {output}, así que las etiquetas deben ser {valid}; recodifícalas "
        "(load_csv lo hace: 0, 1, … en orden) o ajusta la capa de salida al número de clases",
    )


def _build_state(model, X):
    """Create the optimizer's and the metrics' variables before ``fit`` traces its step.

    Keras otherwise creates them while tracing, and TensorFlow then traces the training step a
    second time (about half of ``fit``'s fixed cost on this course's small networks). The numbers
    do not change: nothing is drawn at random and the data pipeline is not touched.
    """
    build = getattr(model, "_symbolic_build", None)  # Keras 3 (pinned); skipped if it goes away
    if build is None or getattr(model, "train_function", None) is not None:
        return
    batch = (np.zeros((1, np.shape(X)[1]), dtype="float32"), np.zeros((1,), dtype="int64"))
    try:
        build(data_batch=batch)  # only shapes and dtypes are read
    except Exception:  # an optimisation only: if it fails, Keras builds lazily as before
        pass


# Running a whole epoch per call costs one slower trace (~0.25 s of CPU) and saves ~10 ms per
# epoch on the course's networks: it pays from about 25 epochs (benchmarks/training_variants.py).
WHOLE_EPOCH_MIN_EPOCHS = 25
# Epochs one traced step will run in all (set by ``cross_validate``, which reuses it across folds).
_EPOCHS_AHEAD = ContextVar("epochs_ahead", default=None)
_BATCH_HOOKS = ("on_batch_begin", "on_batch_end", "on_train_batch_begin", "on_train_batch_end")


def _watches_batches(callback):
    """True if ``callback`` overrides a per-batch hook of ``keras.callbacks.Callback``."""
    import keras

    for hook in _BATCH_HOOKS:
        method = getattr(callback, hook, None)
        if getattr(method, "__func__", method) is not getattr(keras.callbacks.Callback, hook):
            return True
    return False


def _choose_steps_per_call(model, *, n_batches, epochs, callbacks, verbose):
    """Set ``model.steps_per_execution`` for this fit (see ``train``); a user's own value stays.

    A model that ran whole epochs per call goes back to one batch per call (and traces again)
    as soon as a callback watches batches, so such a callback always sees every batch.
    """
    ours = getattr(model, "_course_steps_per_call", False)
    current = getattr(model, "steps_per_execution", 1)
    if current != 1 and not ours:
        return
    whole_epochs = (
        verbose == 0
        and (_EPOCHS_AHEAD.get() or epochs) >= WHOLE_EPOCH_MIN_EPOCHS
        and n_batches > 1
        and not any(_watches_batches(cb) for cb in callbacks or [])
    )
    if getattr(model, "train_function", None) is None:
        model.steps_per_execution = n_batches if whole_epochs else 1
    elif current != 1 and not whole_epochs:
        model.steps_per_execution = 1
        model.train_function = model.test_function = model.predict_function = None
    else:
        return  # keep the traced step: tracing again would cost more than it saves
    model._course_steps_per_call = model.steps_per_execution != 1


def evaluate(model, X, y):
    """``{"loss": …, "accuracy": …}`` of ``model`` on ``X, y``, without dropout (inference mode)."""
    loss, accuracy = model.evaluate(
        make_tf_dataset(X, y, batch_size=1024, shuffle=False), verbose=0
    )
    return {"loss": float(loss), "accuracy": float(accuracy)}


def cross_validate(
    configs,
    X,
    y,
    *,
    n_splits=5,
    n_repeats=1,
    epochs=50,
    batch_size=32,
    seed=0,
    callbacks=None,
    progress=True,
):
    """Stratified k-fold cross-validation of several model configurations on the same folds.

    With ``n_repeats`` > 1 the k-fold split is repeated with a different shuffle each time
    (scikit-learn's ``RepeatedStratifiedKFold``): more results per configuration, hence more power
    for ``helpers.compare``, which corrects for the overlap between folds.

    ``configs`` maps a name to a function ``build(n_inputs, n_classes) -> compiled model``.
    ``callbacks`` is ``None`` or a function ``name -> list of callbacks`` (built anew per fold).
    The scaler is fitted inside each fold on its training part, so the held-out fold stays unseen.
    Returns a ``pandas.DataFrame`` with one row per configuration and fold: ``config``, ``fold``,
    ``repeat``, ``val_accuracy``, ``val_loss``, ``train_accuracy`` and ``train_loss``
    (re-evaluated without dropout), ``n_train``, ``n_val`` (rows in each part) and ``seconds``.
    Each fold starts from a freshly built model; its weights, optimizer state and dropout seeds are
    copied into the model of the previous fold, so Keras compiles the training step once per
    configuration instead of once per fold (same numbers, several times faster on a CPU).
    """
    import keras
    import pandas as pd
    from sklearn.model_selection import RepeatedStratifiedKFold
    from sklearn.preprocessing import StandardScaler
    from tqdm.auto import tqdm

    if (
        not isinstance(configs, dict)
        or not configs
        or not all(callable(f) for f in configs.values())
    ):
        raise CourseInputError(
            "configs",
            configs,
            "debe ser un dict no vacío {nombre: función que construye el modelo}",
        )
    X, y = check_features_and_labels(X, y)
    counts = np.bincount(y)
    if (counts == 0).any():
        missing = " ni ".join(str(v) for v in np.flatnonzero(counts == 0)[:6])
        raise CourseInputError(
            "y",
            _labels_text(np.unique(y).tolist()),
            f"las clases deben numerarse 0, 1, …, k−1 sin huecos (no hay ninguna {missing}); "
            "recodifícalas, p. ej. con load_csv o sklearn.preprocessing.LabelEncoder",
        )
    smallest_class = int(counts.min())
    if smallest_class < 2:
        from helpers.data import check_class_sizes

        check_class_sizes(
            y,
            2,
            param="y",
            why="la validación cruzada estratificada reparte cada clase entre pliegues",
        )
    n_splits = check_int("n_splits", n_splits, minimum=2, maximum=max(2, smallest_class))
    n_repeats = check_int("n_repeats", n_repeats, minimum=1, maximum=100)
    epochs = check_int("epochs", epochs, minimum=1)
    n_classes = int(y.max()) + 1
    splitter = RepeatedStratifiedKFold(n_splits=n_splits, n_repeats=n_repeats, random_state=seed)
    folds = list(splitter.split(X, y))
    rows = []
    bar = tqdm(total=len(configs) * len(folds), desc="Validación cruzada", disable=not progress)
    epochs_ahead = _EPOCHS_AHEAD.set(len(folds) * epochs)  # the step is reused across folds
    try:
        for name, build in configs.items():
            model = None
            for index, (train_idx, val_idx) in enumerate(folds):
                repeat, fold = divmod(index, n_splits)
                fold_seed = seed + index + 1
                keras.utils.set_random_seed(fold_seed)  # same initial weights for every config
                scaler = StandardScaler().fit(X[train_idx])
                X_tr, X_va = scaler.transform(X[train_idx]), scaler.transform(X[val_idx])
                start = time.perf_counter()
                fresh = build(X.shape[1], n_classes)
                if model is None:  # each configuration's first model: one check is enough
                    _check_model(fresh)
                    _check_data_fits_model(fresh, X, y, config=name)
                model = _start_from(model, fresh)
                cbs = callbacks(name) if callbacks else None
                train(
                    model,
                    X_tr,
                    y[train_idx],
                    epochs=epochs,
                    batch_size=batch_size,
                    callbacks=cbs,
                    seed=fold_seed,
                )
                val_scores = evaluate(model, X_va, y[val_idx])
                train_scores = evaluate(model, X_tr, y[train_idx])
                rows.append(
                    {
                        "config": name,
                        "repeat": repeat + 1,
                        "fold": fold + 1,
                        "val_accuracy": val_scores["accuracy"],
                        "val_loss": val_scores["loss"],
                        "train_accuracy": train_scores["accuracy"],
                        "train_loss": train_scores["loss"],
                        "n_train": len(train_idx),
                        "n_val": len(val_idx),
                        "seconds": time.perf_counter() - start,
                    }
                )
                bar.update()
            keras.backend.clear_session()
    finally:  # an error or an interrupt must not leave the epochs of this run set
        _EPOCHS_AHEAD.reset(epochs_ahead)
        bar.close()
    return pd.DataFrame(rows)


def _start_from(trained, fresh):
    """``trained`` reset to the state of the untrained ``fresh`` model (or ``fresh`` itself).

    Copying weights, optimizer variables and dropout seed states keeps ``trained``'s compiled
    training step: building a new model would trace it again (about a second on a CPU).
    """
    if trained is None or type(trained) is not type(fresh):
        return fresh
    fresh.optimizer.build(fresh.trainable_variables)
    pairs = list(zip(trained.layers, fresh.layers, strict=False))
    shapes = [tuple(v.shape) for v in trained.weights], [tuple(v.shape) for v in fresh.weights]
    same_structure = (
        len(trained.layers) == len(fresh.layers)
        and all(type(a) is type(b) for a, b in pairs)
        and shapes[0] == shapes[1]
        and type(trained.optimizer) is type(fresh.optimizer)
        and len(trained.optimizer.variables) == len(fresh.optimizer.variables)
    )
    if not same_structure:
        return fresh
    trained.set_weights(fresh.get_weights())
    for old, new in zip(trained.optimizer.variables, fresh.optimizer.variables, strict=True):
        old.assign(new)
    for old, new in pairs:
        if hasattr(old, "seed_generator") and hasattr(new, "seed_generator"):
            old.seed_generator.state.assign(new.seed_generator.state)
    return trained
