"""The course map: the lessons in teaching order, what each teaches and how long it runs."""

from dataclasses import dataclass
from pathlib import Path

from helpers.formatting import es_general

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@dataclass(frozen=True)
class Lesson:
    file: str
    title: str
    teaches: str
    # measured run time, top to bottom, on a 2-core CPU, rounded up to the half minute
    # (benchmarks/RESULTS.md suggests these figures after each `make bench`)
    minutes: float


LESSONS = (
    Lesson(
        "01_historia_entrenamiento.ipynb",
        "Historia del entrenamiento",
        "El objeto History, sus claves, las curvas de exactitud y pérdida, y cómo leerlas "
        "(pendiente, meseta, divergencia) para decidir cuándo parar.",
        0.5,
    ),
    Lesson(
        "02_dropout_capa_visible.ipynb",
        "Dropout en la capa visible",
        "Qué hace Dropout, dropout en la entrada con restricción max-norm, tasa de aprendizaje "
        "alta y momento; comparación honesta con validación cruzada.",
        0.5,
    ),
    Lesson(
        "03_dropout_capas_ocultas.ipynb",
        "Dropout en las capas ocultas",
        "Dropout entre capas ocultas y antes de la salida, y las recomendaciones del curso, "
        "cada una puesta a prueba con un experimento.",
        0.5,
    ),
    Lesson(
        "04_tasa_aprendizaje_basada_en_tiempo.ipynb",
        "Tasa de aprendizaje basada en el tiempo",
        "Por qué cambiar la tasa, el decaimiento en el tiempo, la trampa de decay= en Keras 3 "
        "y las formas que sí funcionan.",
        0.5,
    ),
    Lesson(
        "05_tasa_aprendizaje_por_escalones.ipynb",
        "Tasa de aprendizaje por escalones",
        "Decaimiento por escalones con LearningRateScheduler, la gráfica de 100 épocas "
        "y el desfase de una época del índice de Keras.",
        0.5,
    ),
    Lesson(
        "06_comparar_planificaciones.ipynb",
        "Comparar planificaciones",
        "Constante, tiempo, escalones, exponencial y según el rendimiento (ReduceLROnPlateau), "
        "lado a lado; los consejos del curso puestos a prueba.",
        0.5,
    ),
)


def course_map_markdown():
    """The lessons as a Markdown table with links, for the index notebook."""
    rows = [
        "| # | Lección | Qué aprenderás | Tiempo de ejecución (de arriba abajo) |",
        "|---|---|---|---|",
    ]
    for number, lesson in enumerate(LESSONS, start=1):
        exists = (NOTEBOOKS / lesson.file).exists()
        link = f"[{lesson.title}]({lesson.file})" if exists else f"{lesson.title} (en preparación)"
        minutes = es_general(lesson.minutes, 6)
        rows.append(f"| {number} | {link} | {lesson.teaches} | ≈ {minutes} min |")
    return "\n".join(rows)
