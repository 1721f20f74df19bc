import keras
import numpy as np
import pytest

from helpers.dropout_lab import Net
from helpers.exercises.dropout import (
    check_hidden_model,
    check_scaling,
    check_training_scale,
    check_unit_norms,
    check_visible_model,
)

Dropout = keras.layers.Dropout


def dense(units, norm=None, activation="relu"):
    constraint = keras.constraints.MaxNorm(norm) if norm else None
    return keras.layers.Dense(units, activation=activation, kernel_constraint=constraint)


def seq(*layers, n_inputs=40):
    return keras.Sequential([keras.Input(shape=(n_inputs,)), *layers])


def functional(*layers, n_inputs=40):
    inputs = keras.Input(shape=(n_inputs,))
    x = inputs
    for layer in layers:
        x = layer(x)
    return keras.Model(inputs, x)


def hints(feedback):
    assert not feedback.ok
    return str(feedback)


def reveals_nothing(text, *answers):
    return not any(answer in text for answer in answers)


def test_unanswered_exercises_say_so_without_error():
    for feedback in (
        check_visible_model(None),
        check_scaling(None, None),
        check_scaling(0.25, None),
        check_unit_norms(None, None),
        check_hidden_model(None),
        check_training_scale(0.5, None),
    ):
        text = hints(feedback)
        assert "None" in text and text.count("Todavía no") == 1


# Lesson 2, exercise 1 ---------------------------------------------------------------------------


def visible_layers(rate=0.2, norm=3, output=(1, "sigmoid")):
    return [Dropout(rate), dense(60, norm), dense(30, norm), dense(output[0], None, output[1])]


def test_visible_model_accepts_sequential_and_functional_forms():
    assert check_visible_model(seq(*visible_layers())).ok
    assert check_visible_model(functional(*visible_layers())).ok
    separate_activation = [*visible_layers()[:-1], dense(1, None, None)]
    separate_activation.append(keras.layers.Activation("sigmoid"))
    assert check_visible_model(functional(*separate_activation)).ok


def test_visible_model_functional_mistake_gets_one_consistent_hint():
    # The functional model's first layer is its InputLayer: that must not count as a layer.
    text = hints(check_visible_model(functional(*visible_layers(rate=0.5))))
    assert "tasa del Dropout de entrada" in text
    assert "primera capa" not in text and "solo en la entrada" not in text
    assert reveals_nothing(text, "0.2", "0,2")


def test_visible_model_softmax_output_is_wrong():
    text = hints(check_visible_model(seq(*visible_layers(output=(2, "softmax")))))
    assert "sigmoide" in text and "softmax" in text
    linear = hints(check_visible_model(seq(*visible_layers(output=(1, None)))))
    assert "sigmoide" in linear


def test_visible_model_checks_the_40_inputs():
    text = hints(check_visible_model(seq(*visible_layers(), n_inputs=30)))
    assert "30 columnas" in text and "keras.Input" in text
    no_input = keras.Sequential(visible_layers())
    assert "keras.Input" in hints(check_visible_model(no_input))


def test_visible_model_other_mistakes():
    assert "MaxNorm(3)" in hints(check_visible_model(seq(*visible_layers(norm=None))))
    assert "MaxNorm(3)" in hints(check_visible_model(seq(*visible_layers(norm=4))))
    no_dropout = seq(*visible_layers()[1:])
    assert "falta el Dropout" in hints(check_visible_model(no_dropout))
    late = seq(dense(60, 3), Dropout(0.2), dense(30, 3), dense(1, None, "sigmoid"))
    text = hints(check_visible_model(late))
    assert "justo después de keras.Input" in text and "solo en la entrada" not in text
    extra = seq(Dropout(0.2), dense(60, 3), Dropout(0.2), dense(30, 3), dense(1, None, "sigmoid"))
    assert "solo en la entrada" in hints(check_visible_model(extra))
    one_hidden = seq(Dropout(0.2), dense(60, 3), dense(1, None, "sigmoid"))
    assert "dos capas ocultas" in hints(check_visible_model(one_hidden))
    assert "modelo de Keras" in hints(check_visible_model("red"))


# Lesson 2, exercise 2 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fraction, factor",
    [
        (0.25, 1 / 0.75),
        (0.25, 1.33),
        (0.25, 1.333),
        (1 / 4, 4 / 3),
        (np.float64(0.25), np.float32(1.3333334)),
    ],
)
def test_scaling_accepts_the_answer_in_any_valid_form(fraction, factor):
    assert check_scaling(fraction, factor, rate=0.25).ok


@pytest.mark.parametrize(
    "fraction, factor, words",
    [
        (0.25, 1.3, "más decimales"),
        (0.25, 1.34, "redondeo"),
        (0.25, (1, 33), "con punto"),
        ((0, 25), 1.33, "con punto"),
        (0.75, 1.33, "se conservan"),
        (25, 1.33, "porcentaje"),
        (0.25, 0.75, "hacia arriba"),
        (0.25, 4, "sigue activa"),
        (0.25, 1.25, "suma esperada"),
        (0.5, 1.33, "argumento rate"),
        (0.25, "1.33", "sin comillas"),
    ],
)
def test_scaling_wrong_answers_get_a_hint_that_keeps_the_answer(fraction, factor, words):
    text = hints(check_scaling(fraction, factor, rate=0.25))
    assert words in text
    assert reveals_nothing(text, "0.25", "0,25", "1.33", "1,33", "4/3", "1/(1", "propia tasa")


# Lesson 2, exercise 3 ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def norm_model():
    return Net(hidden=(5,)).build(4, 2)


def test_unit_norms_accepts_rounded_and_list_answers(norm_model):
    kernel = norm_model.get_layer("oculta_1").kernel.numpy()
    exact = np.linalg.norm(kernel, axis=0)
    assert check_unit_norms(exact, norm_model).ok
    assert check_unit_norms(list(np.round(exact, 4)), norm_model).ok
    assert check_unit_norms(exact.reshape(1, -1), norm_model).ok


def test_unit_norms_wrong_answers(norm_model):
    kernel = norm_model.get_layer("oculta_1").kernel.numpy()
    exact = np.linalg.norm(kernel, axis=0)
    assert "por entrada" in hints(check_unit_norms(np.linalg.norm(kernel, axis=1), norm_model))
    assert "toda la matriz" in hints(check_unit_norms(np.linalg.norm(kernel), norm_model))
    assert "cuadrados" in hints(check_unit_norms((kernel**2).sum(axis=0), norm_model))
    assert "L1" in hints(check_unit_norms(np.abs(kernel).sum(axis=0), norm_model))
    assert "redondeo" in hints(check_unit_norms(exact * 1.02, norm_model))
    assert "no coinciden" in hints(check_unit_norms(np.ones(5), norm_model))
    assert "se esperan 5" in hints(check_unit_norms(np.ones(3), norm_model))
    assert "números" in hints(check_unit_norms(["a", "b"], norm_model))


def test_unit_norms_rounded_to_few_decimals_get_the_rounding_hint():
    model = Net(hidden=(5,)).build(4, 2)
    exact = np.array([0.123, 0.456, 0.789, 0.0234, 1.567])  # small norms lose most digits
    model.get_layer("oculta_1").kernel.assign(np.vstack([exact, np.zeros((3, 5))]))
    assert check_unit_norms(exact, model).ok
    for decimals in (1, 2):
        text = hints(check_unit_norms(np.round(exact, decimals), model))
        assert "redondeo" in text and "euclídea" not in text


def test_unit_norms_of_the_wrong_model_or_layer_are_named(norm_model):
    other = Net(hidden=(5, 5), max_norm=1.0).build(4, 2)
    other.get_layer("oculta_1").kernel.assign(0.1 * norm_model.get_layer("oculta_1").kernel)
    models = {"sin max-norm": norm_model, "max-norm 3": other}
    wrong_model = np.linalg.norm(other.get_layer("oculta_1").kernel.numpy(), axis=0)
    text = hints(check_unit_norms(wrong_model, norm_model, others=models))
    assert "«max-norm 3»" in text and "«sin max-norm»" in text and "euclídea" not in text
    wrong_layer = np.linalg.norm(other.get_layer("oculta_2").kernel.numpy(), axis=0)
    text = hints(check_unit_norms(wrong_layer, other, others=models))
    assert "«oculta_2»" in text and "«oculta_1»" in text
    exact = np.linalg.norm(norm_model.get_layer("oculta_1").kernel.numpy(), axis=0)
    assert check_unit_norms(exact, norm_model, others=models).ok


def test_unit_norms_of_a_diverged_model_are_nan_where_its_weights_are(norm_model):
    diverged = Net(hidden=(5,)).build(4, 2)
    kernel = norm_model.get_layer("oculta_1").kernel.numpy().copy()
    kernel[:, 0] = np.nan
    diverged.get_layer("oculta_1").kernel.assign(kernel)
    norms = np.linalg.norm(kernel, axis=0)
    assert np.isnan(norms[0]) and check_unit_norms(norms, diverged).ok
    assert "no coinciden" in hints(check_unit_norms(np.ones(5), diverged))


# Lessons 2-3, noise verdict --------------------------------------------------------------------


# Lesson 3, exercise 1 ---------------------------------------------------------------------------


def hidden_layers(rate=0.3, output=(1, "sigmoid")):
    return [dense(60), Dropout(rate), dense(30), Dropout(rate), dense(output[0], None, output[1])]


def test_hidden_model_accepts_sequential_and_functional_forms():
    assert check_hidden_model(seq(*hidden_layers())).ok
    assert check_hidden_model(functional(*hidden_layers())).ok


def test_hidden_model_checks_the_rate():
    text = hints(check_hidden_model(seq(*hidden_layers(rate=0.5))))
    assert "tasa del Dropout" in text and reveals_nothing(text, "0.3", "0,3")
    mixed = seq(dense(60), Dropout(0.3), dense(30), Dropout(0.5), dense(1, None, "sigmoid"))
    text = hints(check_hidden_model(mixed))
    assert "segunda capa oculta" in text and "primera" not in text


def test_hidden_model_accepts_a_rate_0_dropout_at_the_input():
    """Lesson 3's own builder, ``red_ocultas(40, dropout=0.3)``, has a ``Dropout(0.0)`` at the
    input, which does nothing."""
    assert check_hidden_model(seq(Dropout(0.0), *hidden_layers())).ok
    assert check_hidden_model(functional(Dropout(0.0), *hidden_layers())).ok


def test_hidden_model_other_mistakes():
    missing_last = seq(dense(60), Dropout(0.3), dense(30), dense(1, None, "sigmoid"))
    assert "falta un Dropout" in hints(check_hidden_model(missing_last))
    with_input = seq(Dropout(0.2), *hidden_layers())
    assert "entrada no lleva Dropout" in hints(check_hidden_model(with_input))
    after_output = seq(*hidden_layers(), Dropout(0.3))
    assert "después de la salida" in hints(check_hidden_model(after_output))
    assert "sigmoide" in hints(check_hidden_model(seq(*hidden_layers(output=(2, "softmax")))))
    assert "columnas" in hints(check_hidden_model(seq(*hidden_layers(), n_inputs=13)))


# Lesson 3, exercise 2 ---------------------------------------------------------------------------


# Lesson 3, exercise 3 ---------------------------------------------------------------------------


@pytest.mark.parametrize("factor", [2, 2.0, np.float32(2), np.int64(2), 1 / (1 - 0.5)])
def test_training_scale_accepts_any_valid_form(factor):
    assert check_training_scale(0.5, factor).ok


@pytest.mark.parametrize(
    "factor, words",
    [
        (0.5, "sobreviven"),
        (1.5, "compensar"),
        (3, "compensar"),
        ((2, 0), "con punto"),
        ("2", "sin comillas"),
        ("dos", "escribe un número"),
    ],
)
def test_training_scale_wrong_answers(factor, words):
    text = hints(check_training_scale(0.5, factor))
    assert words in text and reveals_nothing(text, "2")


def test_training_scale_rate_one_half_is_both_fractions():
    # with Dropout(0.5), 0.5 is the surviving fraction and the rate itself: the hint says both
    assert "también la que se apaga" in hints(check_training_scale(0.5, 0.5))
    assert "también la que se apaga" not in hints(check_training_scale(0.2, 0.8))


def test_training_scale_other_rate():
    assert check_training_scale(0.2, 1.25).ok
    text = hints(check_training_scale(0.2, 0.8))
    assert "sobreviven" in text and "suma esperada" in text and "inferencia" not in text
