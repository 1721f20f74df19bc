"""The multilayer perceptrons of the course, with optional dropout and max-norm."""

from numbers import Integral, Real

from helpers.errors import CourseInputError, check_choice, check_int, check_real


def _rates_per_layer(param, value, n_layers):
    """One dropout rate per hidden layer, from one rate or a list of them."""
    rates = list(value) if isinstance(value, list | tuple) else [value] * n_layers
    if len(rates) != n_layers:
        valid = f"debe ser una tasa o una lista de {n_layers} tasas (una por capa oculta)"
        raise CourseInputError(param, value, valid)
    return [check_real(param, r, low=0, high=1, high_open=True) for r in rates]


def build_mlp(
    n_inputs,
    hidden=(16,),
    n_classes=2,
    *,
    dropout_input=0.0,
    dropout_hidden=0.0,
    max_norm=None,
    activation="relu",
    optimizer="adam",
    name="mlp",
):
    """A compiled ``keras.Sequential`` classifier that starts with ``keras.Input``.

    - ``hidden``: the sizes of the hidden ``Dense`` layers, e.g. ``(60, 30)``.
    - ``dropout_input``: rate of a ``Dropout`` between the input and the first hidden layer
      (lesson 2); 0 leaves it out.
    - ``dropout_hidden``: one rate, or one per hidden layer, of a ``Dropout`` after each hidden
      layer, so the last one sits before the output (lesson 3); 0 leaves it out.
    - ``max_norm``: ``None`` or the largest norm allowed for each hidden unit's incoming weights
      (``keras.constraints.MaxNorm``, lesson 2).
    - ``n_classes``: 2 gives one sigmoid unit and binary cross-entropy; more give softmax and
      sparse categorical cross-entropy. The metric is ``accuracy``.
    - ``optimizer``: a Keras optimizer or its name (see ``helpers.optimizers.make_sgd``).
    """
    import keras

    n_inputs = check_int("n_inputs", n_inputs, minimum=1)
    if isinstance(hidden, Integral) and not isinstance(hidden, bool):
        hidden = (hidden,)
    if not isinstance(hidden, list | tuple) or not hidden:
        valid = "debe ser una lista de tamaños de capa, p. ej. (60, 30)"
        raise CourseInputError("hidden", hidden, valid)
    hidden = [check_int("hidden", h, minimum=1) for h in hidden]
    n_classes = check_int("n_classes", n_classes, minimum=2)
    dropout_input = check_real("dropout_input", dropout_input, low=0, high=1, high_open=True)
    hidden_rates = _rates_per_layer("dropout_hidden", dropout_hidden, len(hidden))
    if max_norm is not None:
        if isinstance(max_norm, bool) or not isinstance(max_norm, Real):
            raise CourseInputError("max_norm", max_norm, "debe ser None o un número mayor que 0")
        max_norm = check_real("max_norm", max_norm, low=0, low_open=True)
    check_choice("activation", activation, ("relu", "tanh", "sigmoid", "elu", "selu", "gelu"))
    try:  # a name such as "adam" becomes that optimizer
        built = keras.optimizers.get(optimizer) if isinstance(optimizer, str) else optimizer
    except ValueError:
        built = None
    if not isinstance(built, keras.optimizers.Optimizer):
        valid = "usa un optimizador de Keras o un nombre como 'adam' o 'sgd'"
        raise CourseInputError("optimizer", optimizer, valid)

    constraint = keras.constraints.MaxNorm(max_norm) if max_norm is not None else None
    layers = [keras.Input(shape=(n_inputs,), name="entrada")]
    if dropout_input > 0:
        layers.append(keras.layers.Dropout(dropout_input, name="dropout_entrada"))
    for i, (units, rate) in enumerate(zip(hidden, hidden_rates, strict=True), start=1):
        layers.append(
            keras.layers.Dense(
                units, activation=activation, kernel_constraint=constraint, name=f"oculta_{i}"
            )
        )
        if rate > 0:
            layers.append(keras.layers.Dropout(rate, name=f"dropout_oculta_{i}"))
    binary = n_classes == 2  # one sigmoid unit; else one softmax unit per class
    units, output = (1, "sigmoid") if binary else (n_classes, "softmax")
    layers.append(keras.layers.Dense(units, activation=output, name="salida"))
    loss = "binary_crossentropy" if binary else "sparse_categorical_crossentropy"
    model = keras.Sequential(layers, name=name)
    model.compile(optimizer=built, loss=loss, metrics=["accuracy"])
    return model
