"""Lessons 2–6 with ``ESCALA_COMPLETA = True``: each notebook runs top to bottom at the course's
scale, its results have that scale, and the claims its prose makes still hold there.

Opt-in (``pytest -m full_scale tests/full_scale -s``; about half an hour on 2 cores): the wall
time of each run is printed and recorded in ``benchmarks/notes.md`` by hand.
"""

import time

import numpy as np
import pytest
from notebook_runs import run_notebook

pytestmark = pytest.mark.full_scale
FULL = {"ESCALA_COMPLETA": True}


@pytest.fixture(scope="module")
def full_run(tmp_path_factory):
    """``full_run(name)`` → the namespace of ``name`` run once at full scale (cached)."""
    directory = tmp_path_factory.mktemp("full_scale")
    cache = {}

    def get(name):
        if name not in cache:
            start = time.perf_counter()
            cache[name] = run_notebook(
                name, directory / f"{name}.pkl", parameters=FULL, timeout=1800
            )
            print(f"\n{name} a escala completa: {time.perf_counter() - start:.0f} s (pared)")
        return cache[name]

    return get


def rows(scores):
    """Results per configuration: ``{config: number of rows}``."""
    return scores.groupby("config", sort=False).size().to_dict()


def test_lesson_02(full_run):
    run = full_run("02_dropout_capa_visible")
    assert (run["PLIEGUES"], run["REPETICIONES"], run["EPOCAS"]) == (10, 1, 300)
    assert set(rows(run["puntuaciones"]).values()) == {10}
    from claims.test_lesson02 import check_positive_claims

    check_positive_claims(run["cambios"])
    # "la tercera conclusión cambia": the base network memorises too, and dropout helps it
    assert run["medias"].loc["base", "train_loss"] < 0.02
    assert run["cambios"]["dropout 0,5"].verdict == "mejor"


def test_lesson_03(full_run):
    run = full_run("03_dropout_capas_ocultas")
    assert (run["PLIEGUES"], run["REPETICIONES"], run["EPOCAS"]) == (10, 1, 300)
    assert set(rows(run["puntuaciones"]).values()) == {10}
    # "Con 300 épocas, dropout retrasa el sobreajuste, no lo impide"
    means, against_none = run["medias"], run["frente_a_cero"]
    assert means.loc["ocultas 0,5", "train_loss"] < 0.02  # memorises as well
    half = against_none["ocultas 0,5"]
    assert half.mean_difference > 0 and half.wins <= 2 and half.verdict != "mejor"
    everywhere = against_none["todas las capas"]
    assert everywhere.verdict == "mejor" and everywhere.ci_high < 0
    assert abs(means.loc["ocultas 0,8", "train_loss"] - np.log(2)) < 0.05  # still learns nothing
    assert run["frente_a_cero_exactitud"]["ocultas 0,8"].verdict == "peor"


def test_lesson_04(full_run):
    run = full_run("04_tasa_aprendizaje_basada_en_tiempo")
    assert run["EPOCAS"] == 24 and set(rows(run["puntuaciones"]).values()) == {20}
    assert run["frente_a_constante"]["tiempo"].verdict == "mejor"
    reached = run["llegada"].notna().sum()
    assert reached["constante 1,0"] == 0 and reached["tiempo"] > reached["constante 0,05"]


def test_lesson_05(full_run):
    run = full_run("05_tasa_aprendizaje_por_escalones")
    assert set(rows(run["puntuaciones"]).values()) == {20}
    assert run["escalones_frente_a_constante"].verdict == "mejor"


def test_lesson_06(full_run):
    run = full_run("06_comparar_planificaciones")
    assert run["EPOCAS"] == 24 and set(rows(run["puntuaciones"]).values()) == {10}
    assert "coseno" in run["historias"]
    comparisons = run["frente_a_constante"]
    # "las cinco planificaciones, coseno incluido, salieron mejores ... tras el ajuste"
    assert [c.other for c in comparisons][-1] == "coseno"
    assert all(c.verdict == "mejor" and c.family_size == 5 for c in comparisons)
    assert run["consejo_tasa"][1].verdict == "peor"
