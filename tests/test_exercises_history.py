import keras
import numpy as np
import pandas as pd
import pytest

from helpers.diagnose import diagnose
from helpers.errors import CourseInputError
from helpers.exercises.history import (
    check_best_epoch,
    check_early_stopping,
    check_history_keys,
    check_readings,
    mystery_histories,
)

HISTORY = {
    "loss": [0.9, 0.5, 0.3, 0.2, 0.1],
    "val_loss": [0.8, 0.5, 0.4, 0.45, 0.5],
    "accuracy": [0.5, 0.7, 0.8, 0.9, 0.95],
    "val_accuracy": [0.5, 0.7, 0.75, 0.75, 0.74],
}


def not_ok(feedback):
    assert not feedback.ok
    return str(feedback)


@pytest.mark.parametrize(
    "check",
    [
        check_history_keys,
        lambda a: check_best_epoch(a, HISTORY),
        check_readings,
        check_early_stopping,
    ],
)
def test_unanswered_exercises_give_a_hint_not_an_error(check):
    for placeholder in (None, ...):
        text = not_ok(check(placeholder))
        assert "Todavía no has respondido" in text and text.count("Todavía no") == 1


RIGHT_KEYS = ["loss", "accuracy", "auc", "val_loss", "val_accuracy", "val_auc"]


@pytest.mark.parametrize(
    "answer",
    [
        RIGHT_KEYS,
        tuple(RIGHT_KEYS),
        set(reversed(RIGHT_KEYS)),
        dict.fromkeys(RIGHT_KEYS, []).keys(),
        [*RIGHT_KEYS, "loss"],
    ],
)
def test_history_keys_in_any_valid_form(answer):
    assert check_history_keys(answer).ok


def test_history_keys():
    assert "prefijo" in not_ok(check_history_keys(["loss", "accuracy", "auc"]))
    assert "gemela" in not_ok(check_history_keys(["loss", "accuracy", "auc", "val_loss"]))
    assert "siempre" in not_ok(check_history_keys(RIGHT_KEYS[1:]))
    assert "nombre que le diste" in not_ok(
        check_history_keys(["loss", "accuracy", "val_loss", "val_accuracy"])
    )
    assert "Sobran claves" in not_ok(check_history_keys([*RIGHT_KEYS, "epoch", "val_epoch"]))
    assert "lista de textos" in not_ok(check_history_keys("loss, accuracy"))
    assert "lista de textos" in not_ok(check_history_keys(3))


def test_an_extra_key_is_named_as_extra_not_as_a_missing_twin():
    text = not_ok(check_history_keys([*RIGHT_KEYS, "learning_rate"]))
    assert "Sobra una clave" in text and "learning_rate" in text
    assert "gemela" not in text


def test_old_key_names_point_at_keras_2_3_not_keras_3():
    old = ["loss", "acc", "auc", "val_loss", "val_acc", "val_auc"]
    text = not_ok(check_history_keys(old))
    assert "2.3" in text and "Keras 3" not in text
    assert "gemela" not in text and "nombre que le diste" not in text
    assert "2.3" in not_ok(check_history_keys([*RIGHT_KEYS, "acc"]))


def test_the_expected_keys_are_what_keras_records():
    import numpy as np

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(
        "adam", "binary_crossentropy", metrics=["accuracy", keras.metrics.AUC(name="auc")]
    )
    X, y = np.array([[0, 1], [1, 0]] * 4, "float32"), np.array([0, 1] * 4)
    history = model.fit(X, y, validation_data=(X, y), epochs=1, verbose=0)
    assert check_history_keys(list(history.history)).ok


def test_hints_never_reveal_the_answer():
    for wrong in (["loss"], ["accuracy"], ["val_loss"], [], [*RIGHT_KEYS[:4], "lr"]):
        text = str(check_history_keys(wrong))
        assert "'auc'" not in text and "val_auc" not in text and "«auc»" not in text
    for wrong in (7, 2, 5, 1, 4, 2.5):
        assert "3" not in str(check_best_epoch(wrong, HISTORY))


@pytest.mark.parametrize("answer", [3, np.int64(3), 3.0, np.float64(3.0)])
def test_best_epoch_in_any_valid_form(answer):
    assert check_best_epoch(answer, HISTORY).ok
    assert check_best_epoch(answer, pd.DataFrame(HISTORY)).ok


def test_best_epoch_counts_from_one():
    assert "desde 1" in not_ok(check_best_epoch(2, HISTORY))
    assert "entrenamiento" in not_ok(check_best_epoch(5, HISTORY))
    assert "mayor" in not_ok(check_best_epoch(1, HISTORY))
    assert "Calcúlalo" in not_ok(check_best_epoch(4, HISTORY))
    assert "5 épocas" in not_ok(check_best_epoch(40, HISTORY))
    assert "entero" in not_ok(check_best_epoch(2.5, HISTORY))
    assert "True" in not_ok(check_best_epoch(True, HISTORY))
    assert "sin comillas" in not_ok(check_best_epoch("3", HISTORY))
    with pytest.raises(CourseInputError):
        check_best_epoch(3, [])


def test_best_epoch_hint_speaks_of_the_object_the_student_has():
    assert "diccionario" in not_ok(check_best_epoch(4, HISTORY))
    assert "columna" in not_ok(check_best_epoch(4, pd.DataFrame(HISTORY)))


def test_mystery_readings_agree_with_diagnose():
    truth = {name: diagnose(h).verdict for name, h in mystery_histories().items()}
    assert sorted(truth.values()) == ["meseta", "sigue_mejorando", "sobreajuste"]
    assert check_readings(truth).ok


def test_readings_in_other_spellings():
    truth = {name: diagnose(h).verdict for name, h in mystery_histories().items()}
    spelled = {k.lower(): v.replace("_", " ").capitalize() for k, v in truth.items()}
    assert check_readings(spelled).ok


def test_wrong_readings_get_hints():
    truth = {name: diagnose(h).verdict for name, h in mystery_histories().items()}
    swapped = dict(truth, A=truth["B"], B=truth["A"])
    text = not_ok(check_readings(swapped))
    assert "«A» no encaja" in text and "«B» no encaja" in text and "«C»" not in text
    assert not any(reading in text for reading in truth.values())  # no hint names one
    assert "Falta la lectura de «C»" in not_ok(check_readings({"A": truth["A"], "B": truth["B"]}))
    assert "usa una de estas" in not_ok(check_readings(dict(truth, C="bien")))
    assert "dict" in not_ok(check_readings(["meseta"]))


def test_early_stopping():
    def make(**kw):
        args = {"monitor": "val_loss", "patience": 3, "restore_best_weights": True} | kw
        return keras.callbacks.EarlyStopping(**args)

    assert check_early_stopping(make()).ok
    assert check_early_stopping(make(patience=np.int64(3), mode="min")).ok
    assert "pérdida de validación" in not_ok(check_early_stopping(make(monitor="loss")))
    assert "paciencia" in not_ok(check_early_stopping(make(patience=10)))
    assert "pesos" in not_ok(check_early_stopping(make(restore_best_weights=False)))
    assert "mode" in not_ok(check_early_stopping(make(mode="max")))
    assert "EarlyStopping" in not_ok(check_early_stopping(keras.callbacks.History()))


def test_early_stopping_on_accuracy_is_not_told_to_watch_it():
    text = not_ok(check_early_stopping(keras.callbacks.EarlyStopping("val_accuracy", patience=3)))
    assert "otra medida" in text and not text.split("· ")[1].startswith("Vigila")
    assert "val_loss" not in text and "3" not in text


def test_keys_with_stray_spaces_get_one_hint_about_the_spaces():
    text = not_ok(check_history_keys([" loss", *RIGHT_KEYS[1:]]))
    assert "Sobran espacios" in text and "« loss»" in text
    assert text.count("·") == 1  # not also "a key is missing" and "an extra key"


def test_a_loss_value_for_the_best_epoch_is_called_a_loss():
    lowest = min(HISTORY["val_loss"])
    for answer in (lowest, 0.41, np.float32(lowest)):
        text = not_ok(check_best_epoch(answer, HISTORY))
        assert "valor de la pérdida" in text and "entero" not in text
    assert "entero" in not_ok(check_best_epoch(2.5, HISTORY))  # not a loss: a broken epoch


def test_diagnose_objects_as_readings_point_at_verdict():
    histories = mystery_histories()
    text = not_ok(check_readings({name: diagnose(h) for name, h in histories.items()}))
    assert ".verdict" in text and "«A», «B», «C»" in text and text.count("·") == 1
    assert "están los objetos enteros" in text and "usa una de estas" not in text
    text = not_ok(check_readings({"A": diagnose(histories["A"]), "B": "meseta"}))
    assert ".verdict" in text and "Falta la lectura de «C»" in text
    assert "está el objeto entero" in text


def test_patience_in_quotes_is_told_to_drop_the_quotes():
    callback = keras.callbacks.EarlyStopping("val_loss", patience="3", restore_best_weights=True)
    text = not_ok(check_early_stopping(callback))
    assert "sin comillas" in text and "es otra" not in text
