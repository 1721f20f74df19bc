"""A student's own CSV file as a ``Dataset``: what a spreadsheet saves, read as it is.

Python's csv splits the file into text cells; what is checked here is what a student's spreadsheet
gets wrong, each with a Spanish message that says what to do.
"""

import re
from pathlib import Path

import numpy as np

from helpers.data import Dataset
from helpers.errors import CourseInputError, check_choice

# Cells that mean "no value": empty, NaN markers, and the #N/A error Excel writes in Spanish.
_MISSING = ("", "nan", "na", "n/a", "null", "#n/d", "#n/a")
# The separators a CSV may use; ';' and tab win a tie with ',', which then marks decimals ("3,5").
_SEPARATORS = (";", "\t", ",")
# "3,5", "-0,69", "1.234,5", "2,5E-03": a number with a decimal comma (and "." for thousands).
_DECIMAL_COMMA = r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d*),\d+(?:[eE][+-]?\d+)?"
# "1,234" or "12,345,678": in a comma-separated file, as likely thousands as a decimal comma.
_THOUSANDS_COMMA = r"[+-]?[1-9]\d{0,2}(?:,\d{3})+"
# Excel reads, and some programs write, the separator on a first line of its own: "sep=;".
_SEPARATOR_LINE = re.compile(r"sep=(.)[ \t]*(?:\r\n|\n|\r|$)")
_SAVE_AS_UTF8 = (
    "guárdalo como CSV UTF-8 (en Excel, «Archivo › Guardar como» y el tipo «CSV UTF-8 (delimitado "
    "por comas)»; en LibreOffice, «Guardar como» CSV con el juego de caracteres «Unicode (UTF-8)»)"
)


def _bad_file(path, text):
    return CourseInputError("path", str(path), text)


def _fill_or_drop(line):
    return f"en la línea {line} del archivo; completa o elimina esa fila"


def _named(separator):
    return "tabulador" if separator == "\t" else repr(separator)


def _read_text(path):
    """The file's text: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    data = path.read_bytes()
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # zip (.xlsx, .ods) or old .xls
        raise _bad_file(
            path,
            f"es un libro de hoja de cálculo (.xlsx, .xls u .ods), no un CSV: {_SAVE_AS_UTF8}",
        )
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))  # Excel's "Texto Unicode"
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "cp1252"):  # cp1252: Excel's "CSV"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise _bad_file(path, f"no se pudo leer como texto (ni UTF-8 ni Windows-1252): {_SAVE_AS_UTF8}")


def _guess_separator(text):
    """csv's sniffer, as ``pd.read_csv(sep=None)`` uses it but on 100 lines, not one, and with ';'
    and tab before ',' ("1,5;2,0" splits at ';'). When rows disagree, the candidate the first line
    has most of: the row check then names the odd line."""
    import csv

    sniffer = csv.Sniffer()
    sniffer.preferred = list(_SEPARATORS)
    lines = [line for line in text.splitlines() if line.strip()][:100]
    try:
        return sniffer.sniff("\n".join(lines), delimiters="".join(_SEPARATORS)).delimiter
    except csv.Error:
        return max(_SEPARATORS, key=lines[0].count) if lines else ","


def _rows(path, text, separator, first_line):
    """The rows of ``text`` that have a value, as a table of text cells indexed by the file's line
    (``text`` starts on ``first_line``); a Spanish error names the first row whose number of fields
    differs from the first row's."""
    import csv
    import io

    import pandas as pd

    reader = csv.reader(io.StringIO(text), delimiter=separator, skipinitialspace=True)
    rows = {}
    for row in reader:
        if any(cell.strip() for cell in row):
            rows[reader.line_num + first_line - 1] = row
    lines, named = list(rows), _named(separator)
    for line in lines[1:]:
        n, n_first = len(rows[line]), len(rows[lines[0]])
        if n != n_first:
            hint = f"(¿falta o sobra un separador, o hay un texto con {named} sin comillas?)"
            if separator == "," and n > n_first:
                hint += (
                    "; si los decimales llevan coma (3,5), guarda el archivo con ';' como "
                    "separador o escribe los decimales con punto (3.5)"
                )
            raise _bad_file(
                path,
                f"las filas no tienen las mismas columnas: separando por {named}, la línea "
                f"{lines[0]} tiene {n_first} campos y la línea {line} tiene {n}; revisa esa "
                f"línea {hint}",
            )
    return pd.DataFrame.from_dict(rows, orient="index")


def _numbers(cells, separator):
    """The numbers a column of text cells writes (NaN where a cell is none): Python's notation or
    a decimal comma ("3,5", "1.234,5"), unless the separator is ',' and it may be thousands."""
    import pandas as pd

    values = pd.to_numeric(cells, errors="coerce")  # "", "nan", "#N/D"…: NaN
    comma = cells.str.fullmatch(_DECIMAL_COMMA)
    if separator == ",":
        comma &= ~cells.str.fullmatch(_THOUSANDS_COMMA)
    values[comma] = pd.to_numeric(cells[comma].str.replace(".", "").str.replace(",", "."))
    return values.astype(float)


def _not_a_number_hint(cell, separator):
    """Why a cell may not read as a number, when the reason is a common one."""
    if separator == "," and re.fullmatch(_THOUSANDS_COMMA, cell):
        return (
            f"; ¿{cell} lleva coma decimal o separador de miles? Escríbelo con punto decimal "
            f"({cell.replace(',', '.')}) o sin separador de miles ({cell.replace(',', '')}), o "
            "guarda el archivo con ';' como separador"
        )
    other = next((s for s in (";", "\t") if s != separator and s in cell), None)
    return f" (¿el separador del archivo es {_named(other)}?)" if other else ""


def _where_it_looked(path):
    """The folder a relative ``path`` was looked up in, and a hint for the notebooks' folder."""
    text = f"no existe ese archivo; se buscó en la carpeta {path.absolute().parent}"
    if not path.is_absolute():
        text += (
            " (los cuadernos se ejecutan en notebooks/: pon el archivo ahí, o escribe "
            f"'../{path.as_posix()}' si está en la carpeta del repositorio)"
        )
        if (Path.cwd().parent / path).is_file():
            text += f"; hay un archivo '../{path.as_posix()}': usa esa ruta"
    return text


def _cells(path):
    """The file's non-empty rows and columns as stripped text, indexed by line, and its
    separator; every problem found is a ``CourseInputError`` that says what to do."""
    if not isinstance(path, str | Path):
        raise CourseInputError("path", path, "debe ser la ruta de un archivo CSV (texto o Path)")
    path = Path(path)
    if path.is_dir():
        raise _bad_file(path, "es una carpeta; indica el archivo CSV")
    if not path.is_file():
        raise _bad_file(path, _where_it_looked(path))
    text, first_line = _read_text(path), 1  # first_line: the file's line where ``text`` starts
    declared = _SEPARATOR_LINE.match(text)
    if declared:  # Excel's "sep=;" line names the separator and is not a row
        separator, text, first_line = declared.group(1), text[declared.end() :], 2
    else:
        separator = _guess_separator(text)
    raw = _rows(path, text, separator, first_line).map(str.strip)
    raw = raw.loc[:, (raw != "").any(axis=0)]  # Excel's empty columns
    if raw.empty:
        raise _bad_file(path, "el archivo está vacío; necesita filas de datos")
    return path, raw.set_axis(range(raw.shape[1]), axis=1), separator


def load_csv(path, target=-1, header="auto", name=None):
    """A ``Dataset`` from a CSV of numeric feature columns and one target column.

    ``target``: the target column's index (negative counts from the end) or header name.
    ``header``: ``True``, ``False`` or ``"auto"`` (words above numbers make a header). Labels of
    any kind become 0, 1, … in sorted order; ``class_names`` keeps them. What a spreadsheet saves
    is read as it is: separator ``,``, ``;`` or tab, decimal comma ("3,5") unless the separator is
    ',', UTF-8 (BOM or not), UTF-16 or Windows-1252; empty rows and columns are dropped. A relative
    ``path`` starts at the kernel's folder (a lesson's: ``notebooks/``).
    """
    header = check_choice("header", header, (True, False, "auto"))
    path, raw, separator = _cells(path)
    numbers = raw.apply(_numbers, separator=separator)
    if header == "auto":  # a word above a column of numbers, or a first row of words only
        words = numbers.iloc[0].isna() & ~raw.iloc[0].str.lower().isin(_MISSING)
        header = bool(
            words.all() or (len(raw) > 1 and (words & numbers.iloc[1:].notna().all()).any())
        )
    columns = [f"columna {i}" for i in raw.columns]
    if header:
        columns = [c or f"columna {i}" for i, c in enumerate(raw.iloc[0])]
        raw, numbers = raw.iloc[1:], numbers.iloc[1:]
    if raw.empty:
        raise _bad_file(path, "el archivo solo tiene la cabecera, sin filas de datos")
    if raw.shape[1] < 2:
        raise _bad_file(
            path,
            "hace falta al menos una columna de entrada y una columna "
            "objetivo, y ningún separador (',', ';' o tabulador) divide las filas en columnas",
        )
    target_index = _target_index(target, columns)
    features = [i for i in raw.columns if i != target_index]
    for i in features:
        if numbers[i].isna().any():
            line = numbers[i].isna().idxmax()
            cell, column = raw.at[line, i], f"la columna «{columns[i]}»"
            if cell.lower() in _MISSING:
                raise _bad_file(path, f"{column} tiene un valor vacío o NaN {_fill_or_drop(line)}")
            hint = _not_a_number_hint(cell, separator)
            valid = f"las columnas de entrada deben ser números{hint}"
            raise _bad_file(path, f"{column} no es numérica (línea {line}: {cell!r}); {valid}")
    X = numbers[features].to_numpy(dtype="float32")
    if not np.isfinite(X).all():
        raise _bad_file(path, "hay valores infinitos en las columnas de entrada")
    labels, column = raw[target_index], f"la columna objetivo «{columns[target_index]}»"
    missing = labels.str.lower().isin(_MISSING)
    if missing.any():
        valid = f"{column} tiene una celda vacía o NaN {_fill_or_drop(missing.idxmax())}"
        raise CourseInputError("target", target, valid)
    if numbers[target_index].notna().all():
        labels = numbers[target_index]
    values, y = np.unique(labels.to_numpy(), return_inverse=True)
    names = [  # 1.0 -> "1"
        str(int(v)) if isinstance(v, float) and v.is_integer() else str(v) for v in values.tolist()
    ]
    if len(names) < 2:
        valid = f"{column} tiene una sola clase ({names[0]}); hacen falta al menos dos"
        raise CourseInputError("target", target, valid)
    features, source = [columns[i] for i in features], f"archivo CSV propio: {path.name}"
    licence = "la del archivo (datos del usuario)"
    return Dataset(name or path.stem, X, y.astype("int64"), features, names, source, licence)


def _target_index(target, columns):
    n = len(columns)
    if isinstance(target, str):
        if target not in columns:
            listed = ", ".join(repr(c) for c in columns)
            raise CourseInputError("target", target, f"las columnas del archivo son {listed}")
        return columns.index(target)
    if isinstance(target, bool) or not isinstance(target, int):
        valid = "debe ser el índice (entero) o el nombre de una columna"
        raise CourseInputError("target", target, valid)
    if not -n <= target < n:
        valid = f"el archivo tiene {n} columnas: usa un índice de {-n} a {n - 1}"
        raise CourseInputError("target", target, valid)
    return target % n
