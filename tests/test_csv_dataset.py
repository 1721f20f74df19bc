import numpy as np
import pytest

from helpers.csv_dataset import load_csv
from helpers.data import as_split, split_and_standardize
from helpers.errors import CourseInputError


def write(tmp_path, text, name="datos.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_without_header_target_last(tmp_path):
    data = load_csv(write(tmp_path, "1,2,0\n3,4,1\n5,6,1\n"))
    assert data.X.tolist() == [[1, 2], [3, 4], [5, 6]]
    assert data.y.tolist() == [0, 1, 1] and data.class_names == ["0", "1"]
    assert data.feature_names == ["columna 0", "columna 1"] and data.name == "datos"


def test_csv_with_header_target_by_name_and_text_labels(tmp_path):
    path = write(tmp_path, "clase,a,b\nsi,1,2\nno,3,4\nsi,5,6\n")
    data = load_csv(path, target="clase")
    assert data.feature_names == ["a", "b"]
    assert data.class_names == ["no", "si"] and data.y.tolist() == [1, 0, 1]
    assert "datos.csv" in data.card


def test_csv_target_by_index_and_explicit_header(tmp_path):
    data = load_csv(write(tmp_path, "7,1,2\n8,0,3\n"), target=1, header=False)
    assert data.X.tolist() == [[7, 2], [8, 3]] and data.y.tolist() == [1, 0]


def test_csv_float_labels_become_integers_names(tmp_path):
    data = load_csv(write(tmp_path, "1,0.0\n2,1.0\n3,2.0\n"))
    assert data.class_names == ["0", "1", "2"]


@pytest.mark.parametrize(
    "text, kwargs, param, fragment",
    [
        ("", {}, "path", "vacío"),
        ("a,b,c\n", {}, "path", "solo tiene la cabecera"),
        ("1,x,0\n2,3,1\n", {"header": False}, "path", "no es numérica"),
        ("1,,0\n2,3,1\n", {}, "path", "vacío o NaN"),
        ("1,nan,0\n2,3,1\n", {}, "path", "vacío o NaN"),
        ("1,2,0\n3,4,1\n", {"target": 3}, "target", "índice de -3 a 2"),
        ("1,2,0\n3,4,1\n", {"target": -4}, "target", "índice de -3 a 2"),
        ("a,b,c\n1,2,0\n3,4,1\n", {"target": "z"}, "target", "'a', 'b', 'c'"),
        ("1,2,0\n3,4,0\n", {}, "target", "una sola clase"),
        ("1,2,0\n3,4,1\n", {"target": 1.5}, "target", "índice"),
        ("1,2,0\n3,4,1\n", {"header": "yes"}, "header", "'auto'"),
        ("a,b,c\n1,2,x\n3,4,\n5,6,y\n", {}, "target", "vacía o NaN en la línea 3"),
        ("a;b;c\n1;2;x\n3;4;#N/D\n", {}, "target", "vacía o NaN en la línea 3"),
        ("1\n2\n", {}, "path", "al menos una columna de entrada"),
    ],
)
def test_csv_bad_input(tmp_path, text, kwargs, param, fragment):
    with pytest.raises(CourseInputError, match=fragment) as info:
        load_csv(write(tmp_path, text), **kwargs)
    assert info.value.param == param


def test_csv_missing_file_and_wrong_type(tmp_path):
    with pytest.raises(CourseInputError, match="no existe") as info:
        load_csv(tmp_path / "no_esta.csv")
    assert str(tmp_path) in str(info.value)  # the folder it looked in
    with pytest.raises(CourseInputError, match="ruta"):
        load_csv(42)
    with pytest.raises(CourseInputError, match="carpeta"):
        load_csv(tmp_path)


def test_a_missing_file_names_the_folder_and_the_notebooks_folder(tmp_path, monkeypatch):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    monkeypatch.chdir(notebooks)  # where the kernel of a lesson runs
    with pytest.raises(CourseInputError) as info:
        load_csv("mis_datos.csv")
    message = str(info.value)
    assert f"se buscó en la carpeta {notebooks}" in message and "notebooks/" in message
    assert "'../mis_datos.csv'" in message
    write(tmp_path, "1,2,0\n3,4,1\n", name="mis_datos.csv")  # in the repository's root
    with pytest.raises(CourseInputError, match=r"hay un archivo '\.\./mis_datos\.csv'"):
        load_csv("mis_datos.csv")
    assert load_csv("../mis_datos.csv").X.shape == (2, 2)


# --- what spreadsheets save ---------------------------------------------------------------------

SPANISH_EXCEL = 'altura;peso;bebida\n1,5;70,2;té\n1,8;80;café\n1,6;"0,69";té\n;;\n'


def write_bytes(tmp_path, data, name="datos.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def check_spanish_excel(data):
    assert data.feature_names == ["altura", "peso"] and data.class_names == ["café", "té"]
    np.testing.assert_allclose(data.X, [[1.5, 70.2], [1.8, 80], [1.6, 0.69]], rtol=1e-6)
    assert data.y.tolist() == [1, 0, 1]  # the empty row ";;" that Excel leaves is dropped


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"], ids=["utf8", "bom", "cp1252", "utf16"]
)
def test_spanish_excel_csv_semicolon_decimal_comma_any_encoding(tmp_path, encoding):
    check_spanish_excel(load_csv(write_bytes(tmp_path, SPANISH_EXCEL.encode(encoding))))


@pytest.mark.parametrize(
    "text",
    [
        SPANISH_EXCEL.replace(";", "\t"),  # tab-separated ("Texto delimitado por tabulaciones")
        "sep=;\n" + SPANISH_EXCEL,  # Excel's separator line
        SPANISH_EXCEL.replace("\n", "\r\n"),  # Windows line ends
        SPANISH_EXCEL.replace("\n", ";\n"),  # an empty column at the end
    ],
    ids=["tab", "sep-line", "crlf", "empty-column"],
)
def test_other_spreadsheet_variants(tmp_path, text):
    check_spanish_excel(load_csv(write(tmp_path, text)))


def test_decimal_comma_without_header_and_in_labels(tmp_path):
    # a tie between ',' and ';' (two of each per line): ';' separates, ',' is the decimal mark
    data = load_csv(write(tmp_path, "1,5;2,0;0,0\n3,5;4,25;1,0\n"))
    np.testing.assert_allclose(data.X, [[1.5, 2.0], [3.5, 4.25]])
    assert data.class_names == ["0", "1"] and data.feature_names == ["columna 0", "columna 1"]


def test_thousands_points_and_exponents_with_decimal_comma(tmp_path):
    data = load_csv(write(tmp_path, "a;b;c\n1.234,5;2,5E-03;x\n-0,5;3;y\n"))
    np.testing.assert_allclose(data.X, [[1234.5, 0.0025], [-0.5, 3]])


def test_quoted_decimal_comma_in_a_comma_separated_file(tmp_path):
    # what a spreadsheet in Spanish writes when it keeps ',' as the separator
    data = load_csv(write(tmp_path, 'a,b,c\n"0,69",2,x\n"1,5",4,y\n'))
    np.testing.assert_allclose(data.X, [[0.69, 2], [1.5, 4]])


@pytest.mark.parametrize(
    "data, fragments",
    [
        (b"PK\x03\x04rest of a zip", ["libro de hoja de cálculo", "CSV UTF-8"]),
        (b"a,b,c\n\x81\x8d,2,x\n", ["ni Windows-1252", "CSV UTF-8"]),
        # decimal commas in a comma-separated file split the numbers
        (b"a,b,c\n1,5,2,x\n3,4,y\n", ["línea 1 tiene 3", "línea 2 tiene 4", "';' como separador"]),
        (b"a;b;c\n1;2;x\n3;4\n", ["separando por ';'", "línea 3 tiene 2"]),
        # rows disagree, so the sniffer gives up: the header's ';' is taken, not the commas
        (b"a;b;c\n1,5;2,5;x\n3,5;4\n", ["separando por ';'", "línea 3 tiene 2"]),
        # "1,234": a decimal comma or a thousands separator? the file must say
        (b'a,b,c\n"1,234",2,x\n3,4,y\n', ["no es numérica", "separador de miles", "1.234"]),
        (b"a,b,c\n1;2,3,x\n4,5,y\n", ["no es numérica", "¿el separador del archivo es ';'?"]),
        (b"a;b;c\n1;#N/D;x\n3;4;y\n", ["vacío o NaN", "línea 2"]),
        (b"a b c\n1 2 x\n3 4 y\n", ["al menos una columna de entrada", "ningún separador"]),
    ],
    ids=[
        "xlsx",
        "not-text",
        "comma-decimals",
        "short-row",
        "short-row-decimal-comma",
        "thousands",
        "semicolon",
        "na",
        "space",
    ],
)
def test_what_cannot_be_read_says_what_to_do(tmp_path, data, fragments):
    with pytest.raises(CourseInputError) as info:
        load_csv(write_bytes(tmp_path, data))
    assert info.value.param == "path"
    for fragment in fragments:
        assert fragment in str(info.value)


def test_a_class_of_one_row_is_named_at_the_split_with_its_likely_twin(tmp_path):
    rows = "".join(f"{i},{i % 3},té\n{i},{i % 5},café\n" for i in range(5))
    data = load_csv(write(tmp_path, "a,b,bebida\n" + rows + "9,9,Té\n"))
    assert "Té (1)" in data.card  # loaded: the card shows the odd class
    with pytest.raises(CourseInputError) as info:
        split_and_standardize(data.X, data.y, class_names=data.class_names)
    message = str(info.value)
    assert "«Té»" in message and "1 fila" in message and "al menos 2" in message
    assert "errata de «té»" in message
    number = data.class_names.index("Té")
    with pytest.raises(CourseInputError, match=f"la clase «{number}» con solo 1 fila"):
        split_and_standardize(data.X, data.y)  # without names: the class number
    with pytest.raises(CourseInputError, match="«Té»"):
        as_split(data)
