"""Training with the course's defaults (``model.fit`` on cached tf.data), and cross-validation."""

import time

import numpy as np

from helpers import _keras_speedups
from helpers.data import check_class_sizes, check_features_and_labels, make_tf_dataset
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
    """``model.fit`` on cached tf.data pipelines, with the course's defaults; returns ``History``.

    With validation data, Keras evaluates it after every epoch and the history gains ``val_`` keys.
    """
    epochs = check_int("epochs", epochs, minimum=1)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    if (X_val is None) != (y_val is None):
        raise CourseInputError("X_val/y_val", "solo uno de los dos", "pasa ambos o ninguno")
    if callbacks is not None and not isinstance(callbacks, list | tuple):
        raise CourseInputError("callbacks", callbacks, "debe ser una lista de callbacks de Keras")
    _check_model(model)
    train_data = make_tf_dataset(X_train, y_train, batch_size=batch_size, shuffle=True, seed=seed)
    _check_data_fits_model(model, X_train, y_train, x_param="X_train", y_param="y_train")
    val_data = None
    if X_val is not None:
        # Validation batches can be large: evaluation needs no gradient, so fewer steps is faster.
        val_data = make_tf_dataset(X_val, y_val, batch_size=1024, shuffle=False)
        _check_data_fits_model(model, X_val, y_val, x_param="X_val", y_param="y_val")
    _keras_speedups.trace_once(model)  # speed only, same numbers: see helpers/_keras_speedups.py
    return model.fit(
        train_data,
        validation_data=val_data,
        epochs=epochs,
        callbacks=list(callbacks or []),
        verbose=verbose,
        shuffle=False,  # the pipeline already reshuffles every epoch
    )


def _check_model(model):
    import keras

    if not isinstance(model, keras.Model):
        valid = "debe ser un modelo de Keras (keras.Sequential o Model)"
        raise CourseInputError("model", model, valid)
    if not getattr(model, "compiled", True):
        valid = "no está compilado: llama antes a model.compile(optimizer=…, loss=…, metrics=[…])"
        raise CourseInputError("model", model.name, valid)


def _model_width(model, tensors):
    """The last dimension of the model's first ``"inputs"`` or ``"outputs"``, or ``None``."""
    try:
        return getattr(model, tensors)[0].shape[-1]
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
    ``cross_validate`` (and what its function should do) instead of the data.
    """

    def refuse(param, value, valid, valid_for_config):
        if config is not None:
            raise CourseInputError("configs", config, valid_for_config)
        raise CourseInputError(param, value, valid)

    n_inputs, n_columns = _model_width(model, "inputs"), np.shape(X)[1]
    if n_inputs is not None and n_inputs != n_columns:
        refuse(
            x_param,
            f"una matriz de {n_columns} columnas",
            f"la red espera {n_inputs} columnas (su keras.Input); usa datos con {n_inputs} "
            f"columnas o construye la red para {n_columns}",
            f"su función construye una red de {n_inputs} entradas y X tiene {n_columns} "
            "columnas; usa su primer argumento, n_inputs, en keras.Input(shape=(n_inputs,))",
        )
    n_outputs = _model_width(model, "outputs")
    if n_outputs is None:
        return
    labels = np.unique(y).tolist()
    if n_outputs == 1:
        bad, valid = set(labels) - {0, 1}, "0 o 1"
        output = "una sola unidad (sigmoide), que da la probabilidad de la clase 1"
    else:
        bad, valid = {v for v in labels if v >= n_outputs}, f"de 0 a {n_outputs - 1}"
        output = f"{n_outputs} unidades (softmax), una por clase"
    if bad:
        refuse(
            y_param,
            _labels_text(labels),
            f"la red termina en {output}, así que las etiquetas deben ser {valid}; recodifícalas "
            "(load_csv lo hace: 0, 1, … en orden) o ajusta la capa de salida al número de clases",
            f"su función construye una salida de {output}, y las {_labels_text(labels)} no "
            "caben; usa su segundo argumento, n_classes, para la capa de salida",
        )


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
    Each fold starts from a freshly built model (``helpers._keras_speedups`` makes that faster).
    """
    import keras
    import pandas as pd
    from sklearn.model_selection import RepeatedStratifiedKFold
    from sklearn.preprocessing import StandardScaler
    from tqdm.auto import tqdm

    if not isinstance(configs, dict) or not configs or not all(map(callable, configs.values())):
        valid = "debe ser un dict no vacío {nombre: función que construye el modelo}"
        raise CourseInputError("configs", configs, valid)
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
    why = "la validación cruzada estratificada reparte cada clase entre pliegues"
    check_class_sizes(y, 2, why=why)  # so the smallest class allows 2 folds at least
    n_splits = check_int("n_splits", n_splits, minimum=2, maximum=int(counts.min()))
    n_repeats = check_int("n_repeats", n_repeats, minimum=1, maximum=100)
    epochs = check_int("epochs", epochs, minimum=1)
    n_classes = len(counts)
    splitter = RepeatedStratifiedKFold(n_splits=n_splits, n_repeats=n_repeats, random_state=seed)
    folds = list(splitter.split(X, y))
    n_batches = -(-len(folds[0][0]) // batch_size)  # per epoch (folds differ by a row at most)
    rows = []
    bar = tqdm(total=len(configs) * len(folds), desc="Validación cruzada", disable=not progress)
    with bar:
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
                cbs = callbacks(name) if callbacks else None
                # Speed only, same numbers: one traced step per configuration, for all its folds.
                model = _keras_speedups.reuse_traced_step(model, fresh, cbs)
                _keras_speedups.run_whole_epochs(
                    model, n_batches, epochs=len(folds) * epochs, callbacks=cbs
                )
                train(
                    model,
                    X_tr,
                    y[train_idx],
                    epochs=epochs,
                    batch_size=batch_size,
                    callbacks=cbs,
                    seed=fold_seed,
                )
                with _keras_speedups.evaluate_one_batch_per_call(model):
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
            # No full gc.collect (~0.3 s each): Python's own collector keeps memory bounded.
            keras.backend.clear_session(free_memory=False)
    return pd.DataFrame(rows)
