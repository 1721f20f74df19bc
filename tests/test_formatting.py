from helpers.formatting import es_general, es_number, es_significant


def test_numbers_are_written_with_a_decimal_comma():
    assert es_number(-0.5, 2) == "-0,50" and es_number(0.25, 1, signed=True) == "+0,2"
    assert es_significant(0.0004) == "0,0004" and es_significant(0.0) == "0,000"
    assert es_general(0.01) == "0,01" and es_general(12345.6) == "1,23e+04"
    assert es_general(0.123456, 4) == "0,1235" and es_general(7.0) == "7"
