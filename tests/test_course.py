from helpers.course import LESSONS, course_map_markdown


def test_course_map_lists_every_lesson_with_its_run_time_in_spanish():
    text = course_map_markdown()
    assert "Tiempo de ejecución" in text and "Duración" not in text
    for lesson in LESSONS:
        assert f"]({lesson.file})" in text
    assert "≈ 0,5 min" in text and "0.5" not in text
