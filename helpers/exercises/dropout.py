"""Self-checks for the dropout exercises of lessons 2 and 3: "¡Correcto!" or what is still wrong."""

import math

import numpy as np

from helpers.exercises.feedback import (
    is_unanswered,
    number_feedback,
    number_hint,
    report,
    unanswered,
    unreadable,
)

_NOT_A_MODEL = "«modelo_ej1» debe ser un modelo de Keras (keras.Sequential([...]) o keras.Model)"


def _ordinal(n):
    return {1: "primera", 2: "segunda", 3: "tercera", 4: "cuarta"}.get(n, f"{n}.ª")


def _flat_layers(model):
    """The model's layers in order, without ``InputLayer`` and with nested models expanded."""
    import keras

    layers = []
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            layers.extend(_flat_layers(layer))
        elif not isinstance(layer, keras.layers.InputLayer):
            layers.append(layer)
    return layers


def _read_model(model, n_inputs):
    """``(layers, kinds, hidden, output, problems)``; ``hidden``, ``output``: Dense layer indices.

    The problems both exercises share: the input size, two hidden Dense layers and one sigmoid
    output unit (a Dense, possibly followed by an Activation), no other kind of layer.
    """
    layers = _flat_layers(model)
    kinds = [type(layer).__name__ for layer in layers]
    problems = []
    try:
        got_inputs = model.inputs[0].shape[-1]
    except (AttributeError, IndexError, TypeError, ValueError):  # built without keras.Input
        got_inputs = None
    if got_inputs is None:
        problems.append(
            "la red no sabe cuántas columnas recibe: empieza con keras.Input(shape=(...,))"
        )
    elif got_inputs != n_inputs:
        problems.append(
            f"la red recibe {got_inputs} columnas, pero «datos» tiene otro número de atributos: "
            "revisa la forma de keras.Input"
        )
    dense = [i for i, kind in enumerate(kinds) if kind == "Dense"]
    if not dense:
        problems.append("faltan las capas Dense: dos ocultas y la de salida")
        return layers, kinds, [], None, problems
    hidden, output = dense[:-1], dense[-1]
    if len(hidden) != 2:
        problems.append(
            f"el enunciado pide dos capas ocultas Dense antes de la salida (tu red tiene "
            f"{len(hidden)})"
        )
    last = layers[-1] if kinds[-1] == "Activation" else layers[output]
    units, activation = layers[output].units, getattr(last.activation, "__name__", "")
    if kinds[-1] != "Dense" and kinds[-2:] != ["Dense", "Activation"]:
        problems.append("la red debe terminar en la capa de salida Dense")
    elif units != 1 or activation != "sigmoid":
        problems.append(
            f"la salida tiene {units} unidad{'es' if units != 1 else ''} con activación "
            f"«{activation}»: el enunciado pide una salida sigmoide, que da la probabilidad de "
            "la clase 1 con una sola unidad"
        )
    others = sorted(set(kinds) - {"Dense", "Dropout", "Activation"})
    if others:
        problems.append(f"el enunciado no pide capas {', '.join(others)}: quítalas")
    return layers, kinds, hidden, output, problems


def check_visible_model(model, n_inputs=40, rate=0.2, max_norm=3):
    """Lesson 2, exercise 1: ``Dropout(rate)`` right after the input of ``n_inputs`` columns, two
    hidden Dense layers with ``MaxNorm(max_norm)``, one sigmoid output unit. Sequential or
    functional API. Returns a ``Feedback``."""
    import keras

    if not isinstance(model, keras.Model):
        return unreadable(model, _NOT_A_MODEL, "modelo_ej1")
    layers, kinds, hidden, _, problems = _read_model(model, n_inputs)
    if "Dropout" not in kinds:
        problems.append("falta el Dropout de la entrada")
    elif kinds[0] != "Dropout":
        problems.append("el Dropout va justo después de keras.Input, antes de la primera Dense")
    else:
        if not math.isclose(layers[0].rate, rate):
            problems.append("la tasa del Dropout de entrada no es la que pide el enunciado")
        if "Dropout" in kinds[1:]:
            problems.append("en esta lección el Dropout va solo en la entrada: quita los demás")
    for position, i in enumerate(hidden, start=1):
        constraint = layers[i].kernel_constraint
        is_max_norm = isinstance(constraint, keras.constraints.MaxNorm)
        if not is_max_norm or not math.isclose(constraint.max_value, max_norm):
            problems.append(
                f"la {_ordinal(position)} capa oculta necesita kernel_constraint="
                f"MaxNorm({max_norm:g})"
            )
    return report(problems)


def check_hidden_model(model, n_inputs=40, rate=0.3):
    """Lesson 3, exercise 1: two hidden Dense layers, each followed by ``Dropout(rate)`` (the last
    one right before the sigmoid output), no dropout after the input of ``n_inputs`` columns.
    Sequential or functional API. Returns a ``Feedback``."""
    import keras

    if not isinstance(model, keras.Model):
        return unreadable(model, _NOT_A_MODEL, "modelo_ej1")
    layers, kinds, hidden, output, problems = _read_model(model, n_inputs)
    # A Dropout(0.0) at the input does nothing (lesson 3's own builder has one): not a mistake.
    if kinds[:1] == ["Dropout"] and layers[0].rate > 0:
        problems.append("en este ejercicio la entrada no lleva Dropout")
    for position, i in enumerate(hidden, start=1):
        if kinds[i + 1] != "Dropout":
            problems.append(f"después de la {_ordinal(position)} capa oculta falta un Dropout")
        elif not math.isclose(layers[i + 1].rate, rate):
            problems.append(
                f"la tasa del Dropout tras la {_ordinal(position)} capa oculta no es la del "
                "enunciado"
            )
    if output is not None and "Dropout" in kinds[output + 1 :]:
        problems.append("después de la salida no va Dropout: el último va antes de ella")
    return report(problems)


def check_scaling(fraction_zeroed, factor, rate=0.25):
    """Lesson 2, exercise 2: with ``Dropout(rate)`` in training, the expected fraction of zeros
    and the factor that multiplies the kept values (to 3 significant figures)."""
    answers = {"fraccion_a_cero": fraction_zeroed, "factor": factor}
    missing = [name for name, answer in answers.items() if is_unanswered(answer)]
    if missing:
        return unanswered(*missing)
    kept = 1 - rate
    fraction_problem = number_hint(
        fraction_zeroed,
        rate,
        wrong=[
            (kept, "esa es la fracción de valores que se conservan; se pide la que queda a cero"),
            (100 * rate, "escribe la fracción como un número entre 0 y 1, no en porcentaje"),
        ],
        otherwise="la fracción de ceros no es esa: ¿qué mide el argumento rate de Dropout?",
    )
    factor_problem = number_hint(
        factor,
        1 / kept,
        wrong=[
            (kept, "con un factor menor que 1 los valores bajarían: Keras los escala hacia arriba"),
            (
                1 / rate,
                "ese factor no deja igual la suma esperada de la capa: ¿qué fracción de las "
                "unidades sigue activa?",
            ),
        ],
        otherwise=(
            "el factor no es correcto: piensa qué hay que multiplicar para que la suma esperada "
            "de la capa no cambie al quitar una fracción de las unidades"
        ),
    )
    named = zip(answers, (fraction_problem, factor_problem), strict=True)
    return report([f"{name}: {hint}" for name, hint in named if hint])


def check_unit_norms(norms, model, layer="oculta_1", others=None):
    """Lesson 2, exercise 3: the norm of each unit's incoming weights (one per column of the
    kernel of ``layer``), to 3 significant figures. ``others``: ``{name: model}`` (the model
    itself may be among them) whose layers a student may have taken by mistake, named in the
    hint. NaN norms (a network that diverged) are right where the model's are NaN."""
    if is_unanswered(norms) or isinstance(norms, str):
        hint = "escribe los números sin comillas: entre comillas es un texto"
        return unreadable(norms, hint, "normas")
    kernel = np.asarray(model.get_layer(layer).kernel)
    expected = np.linalg.norm(kernel, axis=0)
    try:
        norms = np.asarray(norms, dtype=float).ravel()
    except (TypeError, ValueError):
        return report(["escribe una lista o un array de números, una norma por unidad"])
    if norms.size == 1 and expected.size > 1:
        return report(
            ["calculaste una sola norma para toda la matriz: se pide una por unidad (columna)"]
        )
    if norms.shape != expected.shape:
        if norms.shape == (kernel.shape[0],):
            return report(["calculaste una norma por entrada: se pide una por unidad (columna)"])
        return report([f"se esperan {expected.size} normas, una por unidad de «{layer}»"])
    if _close(norms, expected, 5e-3):
        return report([])
    source = _other_source(norms, model, layer, others or {})
    if source:
        return report([source])
    if not np.isfinite(norms).all() and np.isfinite(expected).all():
        return report(["hay valores NaN o infinitos en tu respuesta"])
    if _close(norms, expected**2, 5e-3):
        return report(["eso es la suma de los cuadrados: a la norma euclídea le falta un paso"])
    if _close(norms, np.abs(kernel).sum(axis=0), 5e-3):
        return report(["esa es la norma L1 (suma de valores absolutos): usa la euclídea"])
    if _close(norms, expected, 0.05) or _rounded(norms, expected):
        return report(["casi: solo falla el redondeo; usa más decimales"])
    return report(["los valores no coinciden: usa la norma euclídea de cada columna"])


def _close(got, expected, rtol):
    """Equal within ``rtol``, NaN where ``expected`` is NaN."""
    return np.allclose(got, expected, rtol=rtol, atol=0, equal_nan=True)


def _rounded(got, expected):
    """True if ``got`` is ``expected`` rounded to 1-3 decimals (small norms lose most digits)."""
    finite = np.isfinite(expected)
    if not np.array_equal(finite, np.isfinite(got)) or not finite.any():
        return False
    got, expected = got[finite], expected[finite]
    return any(
        np.allclose(got, np.round(expected, decimals), rtol=0, atol=1e-3 * 10.0**-decimals)
        for decimals in (1, 2, 3)
    )


def _other_source(norms, model, layer, others):
    """The hint for norms of another layer of ``model`` or of another model in ``others``."""
    wanted = next((f"las del modelo «{n}»" for n, m in others.items() if m is model), "otras")
    for name, candidate in [("", model), *others.items()]:
        if name and candidate is model:
            continue
        for other_layer in candidate.layers:
            kernel = getattr(other_layer, "kernel", None)
            if kernel is None or (candidate is model and other_layer.name == layer):
                continue
            column_norms = np.linalg.norm(np.asarray(kernel), axis=0)
            if column_norms.shape != norms.shape or not _close(norms, column_norms, 5e-3):
                continue
            if candidate is model:
                return (
                    f"esas son las normas de la capa «{other_layer.name}»: el enunciado pide "
                    f"las de «{layer}»"
                )
            return (
                f"esas son las normas del modelo «{name}»: el enunciado pide {wanted} "
                "(¿qué modelo usas?)"
            )
    return None


def check_training_scale(rate, factor):
    """Lesson 3, exercise 3: the factor Keras applies to the kept units of ``Dropout(rate)``
    while training (to 3 significant figures)."""
    kept = (
        "esa es la fracción de unidades que sobreviven"
        + (" (con 0,5, también la que se apaga)" if rate == 0.5 else "")
        + ", no el factor: ¿por cuánto hay que multiplicarlas para que la suma esperada de la "
        "capa no cambie?"
    )
    return number_feedback(
        factor,
        "factor_dropout_05",
        1 / (1 - rate),
        wrong=[(1 - rate, kept)],
        otherwise=(
            "no es ese: las unidades que sobreviven se escalan hacia arriba lo justo para "
            "compensar las que se apagan"
        ),
    )
