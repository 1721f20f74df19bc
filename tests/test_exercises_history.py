from helpers.diagnose import diagnose
from helpers.errors import CourseInputError
from helpers.exercises.history import (
    check_best_epoch,
    check_early_stopping,
    check_history_keys,
    check_readings,
    mystery_histories,
)

import keras
import pytest

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
        assert "Todavía no has respondido" in not_ok(check(placeholder))


def test_history_keys():
    right = ["loss", "accuracy", "auc", "val_loss", "val_accuracy", "val_auc"]
    assert check_history_keys(right).ok
    assert check_history_keys(set(reversed(right))).ok
    assert "prefijo" in not_ok(check_history_keys(["loss", "accuracy", "auc"]))
    assert "gemela" in not_ok(check_history_keys(["loss", "accuracy", "auc", "val_loss"]))
    assert "Keras 3" in not_ok(check_history_keys([*right, "acc"]))
    assert "siempre" in not_ok(check_history_keys(right[1:]))
    assert "nombre que le diste" in not_ok(
        check_history_keys(["loss", "accuracy", "val_loss", "val_accuracy"])
    )
    assert "Sobran" in not_ok(check_history_keys([*right, "epoch", "val_epoch"]))
    assert "lista de textos" in not_ok(check_history_keys("loss, accuracy"))
    assert "lista de textos" in not_ok(check_history_keys(3))


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
    for wrong in (["loss"], ["accuracy"], ["val_loss"], []):
        text = str(check_history_keys(wrong))
        assert "'auc'" not in text and "val_auc" not in text
    text = str(check_best_epoch(7, HISTORY)) + str(check_best_epoch(2, HISTORY))
    assert "3" not in text


def test_best_epoch_counts_from_one():
    assert check_best_epoch(3, HISTORY).ok
    assert "desde 1" in not_ok(check_best_epoch(2, HISTORY))
    assert "entrenamiento" in not_ok(check_best_epoch(5, HISTORY))
    assert "mayor" in not_ok(check_best_epoch(1, HISTORY))
    assert "Calcúlalo" in not_ok(check_best_epoch(4, HISTORY))
    assert "entero" in not_ok(check_best_epoch(3.0, HISTORY))
    assert "entero" in not_ok(check_best_epoch(True, HISTORY))
    with pytest.raises(CourseInputError):
        check_best_epoch(3, [])


def test_mystery_readings_agree_with_diagnose():
    truth = {name: diagnose(h).verdict for name, h in mystery_histories().items()}
    assert sorted(truth.values()) == ["meseta", "sigue_mejorando", "sobreajuste"]
    assert check_readings(truth).ok


def test_wrong_readings_get_hints():
    truth = {name: diagnose(h).verdict for name, h in mystery_histories().items()}
    swapped = dict(truth, A=truth["B"], B=truth["A"])
    text = not_ok(check_readings(swapped))
    assert "«A» no encaja" in text and "«B» no encaja" in text and "«C»" not in text
    assert "Falta la lectura de «C»" in not_ok(check_readings({"A": truth["A"], "B": truth["B"]}))
    assert "usa una de estas" in not_ok(check_readings(dict(truth, C="bien")))
    assert "dict" in not_ok(check_readings(["meseta"]))


def test_early_stopping():
    def make(**kw):
        args = {"monitor": "val_loss", "patience": 3, "restore_best_weights": True} | kw
        return keras.callbacks.EarlyStopping(**args)

    assert check_early_stopping(make()).ok
    assert "pérdida de validación" in not_ok(check_early_stopping(make(monitor="loss")))
    assert "paciencia" in not_ok(check_early_stopping(make(patience=10)))
    assert "pesos" in not_ok(check_early_stopping(make(restore_best_weights=False)))
    assert "EarlyStopping" in not_ok(check_early_stopping(keras.callbacks.History()))
