"""Reading GeoNames dump files (SY.txt, SY.zip, allCountries.zip) as records."""

from __future__ import annotations

import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from gazetteer import Candidate, GazetteerDataError
from gazetteer.sources.geonames_dump import dump_kind, dump_signature, read_geonames_dump

# GeoNames' 19 tab-separated columns; rows written for these tests (ids made up).
KHIRBET_AMMU = ["9100001", "Khirbat ‘Ammū", "Khirbat `Ammu",
                "Khirbet Ammu,Khirbat `Ammu,, Kherbet Ammo ,Khirbet Ammu",
                "37.05", "41.33", "P", "PPL", "SY", "", "05", "", "", "", "", "", "430",
                "Asia/Damascus", "2021-03-14"]
QAMISHLI = ["9100002", "Al Qāmishlī", "Al Qamishli", "Qamishli,Qamishlo,Kamishly",
            "37.05215", "41.23142", "P", "PPLA2", "SY", "", "05", "", "", "", "184231", "",
            "455", "Asia/Damascus", "2022-06-01"]
EUPHRATES = ["9100003", "Nahr al Furāt", "Nahr al Furat", "Euphrates,Firat Nehri,Nahr al Furat",
             "34.4", "40.9", "H", "STM", "SY", "IQ,TR", "", "", "", "", "0", "", "180",
             "Asia/Damascus", "2019-11-02"]
AT_TANF = ["9100004", "At Tanf", "At Tanf", "al-Tanf,Al Tanf Garrison,At Tanf",
           "33.5", "38.6", "S", "INSM", "SY", "", "08", "", "", "", "0", "", "700",
           "Asia/Damascus", "2020-01-20"]
SYRIA = ["9100005", "Syria", "Syria", "Sirija,Suriah,Syrian Arab Republic,Syrie,Syria",
         "35", "38", "A", "PCLI", "SY", "", "00", "", "", "", "22933531", "", "514",
         "Asia/Damascus", "2023-01-01"]
DEIR_EZ_ZOR = ["9100006", "Deir ez-Zor Governorate", "Deir ez-Zor Governorate",
               "Dayr az Zawr,Deir ez-Zor Governorate,Muhafazat Dayr az Zawr",
               "35.2", "40.4", "A", "ADM1", "SY", "", "07", "", "", "", "1239000", "", "250",
               "Asia/Damascus", "2022-09-09"]
ROWS = [KHIRBET_AMMU, QAMISHLI, EUPHRATES, AT_TANF, SYRIA, DEIR_EZ_ZOR]


def dump_text(rows: list[list[str]]) -> str:
    return "".join("\t".join(row) + "\n" for row in rows)


def write_dump(path: Path, rows: list[list[str]] = ROWS, *, text: str | None = None) -> Path:
    """``path`` as GeoNames ships it: a .txt, or a zip holding ``<stem>.txt`` and a readme."""
    text = dump_text(rows) if text is None else text
    if path.suffix == ".zip":
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            # The readme comes first and is not in dump format: it must be ignored.
            archive.writestr("readme.txt", "GeoNames dump test file\tnot a row\n")
            archive.writestr(path.stem + ".txt", text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def by_id(path: Path, **options) -> dict[int, tuple[Candidate, list[str]]]:
    return {place.geonameid: (place, names) for place, names in read_geonames_dump(path, **options)}


def test_txt_rows_become_candidates_with_names(tmp_path: Path) -> None:
    records = by_id(write_dump(tmp_path / "SY.txt"))
    assert sorted(records) == [9100001, 9100002, 9100003, 9100004, 9100005, 9100006]

    village, names = records[9100001]
    assert village == Candidate(name="Khirbat ‘Ammū", latitude=37.05, longitude=41.33,
                                kind="city", country_code="SY", admin1="05", population=0,
                                geonameid=9100001, source="geonames-dump:SY.txt")
    assert names == ["Khirbat ‘Ammū", "Khirbat `Ammu", "Khirbet Ammu", "Kherbet Ammo"]

    river, names = records[9100003]
    assert (river.kind, river.latlon, river.admin1) == ("feature", (34.4, 40.9), "")
    assert names == ["Nahr al Furāt", "Nahr al Furat", "Euphrates", "Firat Nehri"]

    base, names = records[9100004]
    assert (base.kind, base.latlon) == ("feature", (33.5, 38.6))
    assert names == ["At Tanf", "al-Tanf", "Al Tanf Garrison"]

    country, names = records[9100005]
    assert (country.kind, country.latlon, country.population) == ("country", (35.0, 38.0), 22933531)
    assert names == ["Syria", "Sirija", "Suriah", "Syrian Arab Republic", "Syrie"]

    governorate, names = records[9100006]
    assert (governorate.kind, governorate.admin1, governorate.population) == ("admin1", "07", 1239000)
    assert names == ["Deir ez-Zor Governorate", "Dayr az Zawr", "Muhafazat Dayr az Zawr"]

    assert records[9100002][0].population == 184231
    assert {place.source for place, _ in records.values()} == {"geonames-dump:SY.txt"}


@pytest.mark.parametrize("name", ["SY.zip", "allCountries.zip"])
def test_zip_gives_the_same_records_as_the_txt(tmp_path: Path, name: str) -> None:
    from_txt = list(read_geonames_dump(write_dump(tmp_path / "SY.txt")))
    from_zip = list(read_geonames_dump(write_dump(tmp_path / name)))
    assert {place.source for place, _ in from_zip} == {f"geonames-dump:{name}"}
    strip = [(place.name, place.latlon, place.kind, place.population, place.geonameid, names)
             for place, names in from_zip]
    assert strip == [(place.name, place.latlon, place.kind, place.population, place.geonameid,
                      names) for place, names in from_txt]
    assert len(from_zip) == len(ROWS)


@pytest.mark.parametrize(("feature_class", "feature_code", "kind"), [
    ("P", "PPL", "city"),
    ("P", "PPLA2", "city"),
    ("P", "PPLX", "city"),
    ("A", "PCLI", "country"),
    ("A", "PCLD", "country"),
    ("A", "PCLF", "country"),
    ("A", "PCLS", "country"),
    ("A", "PCLIX", "country"),
    ("A", "PCL", "country"),
    ("A", "PCLH", "feature"),   # historical political entity: not a country today
    ("A", "ADM1", "admin1"),
    ("A", "ADM1H", "feature"),
    ("A", "ADM2", "feature"),
    ("A", "ADM3", "feature"),
    ("A", "ADMD", "feature"),
    ("L", "RGN", "region"),
    ("L", "CONT", "region"),
    ("L", "AREA", "feature"),
    ("H", "STM", "feature"),
    ("H", "LK", "feature"),
    ("T", "MT", "feature"),
    ("S", "INSM", "feature"),   # military installation (al-Tanf)
    ("S", "BLDG", "feature"),
    ("R", "RD", "feature"),
    ("V", "FRST", "feature"),
    ("U", "SMT", "feature"),
    ("", "", "feature"),        # GeoNames has rows with no class or code
])
def test_kind_mapping(tmp_path: Path, feature_class: str, feature_code: str, kind: str) -> None:
    row = AT_TANF[:6] + [feature_class, feature_code] + AT_TANF[8:]
    [(place, _)] = read_geonames_dump(write_dump(tmp_path / "SY.txt", [row]))
    assert place.kind == kind == dump_kind(feature_class, feature_code)


def test_min_population_drops_small_populated_places_only(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "SY.txt")
    assert sorted(by_id(dump, min_population=1000)) == [9100002, 9100003, 9100004, 9100005, 9100006]
    # Far above every population: all towns go, rivers, bases and areas stay.
    assert sorted(by_id(dump, min_population=10**9)) == [9100003, 9100004, 9100005, 9100006]
    assert sorted(by_id(dump, min_population=184231)) == sorted(by_id(dump, min_population=1))


@pytest.mark.parametrize(("classes", "ids"), [
    (None, [9100001, 9100002, 9100003, 9100004, 9100005, 9100006]),
    (frozenset("P"), [9100001, 9100002]),
    (frozenset("H"), [9100003]),
    (frozenset({"S", "A"}), [9100004, 9100005, 9100006]),
    (frozenset("T"), []),
])
def test_feature_classes_filter(tmp_path: Path, classes: frozenset[str] | None,
                                ids: list[int]) -> None:
    assert sorted(by_id(write_dump(tmp_path / "SY.txt"), feature_classes=classes)) == ids


def test_filters_combine(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "SY.zip")
    assert sorted(by_id(dump, min_population=1000, feature_classes=frozenset("PH"))) == [
        9100002, 9100003]


@pytest.mark.parametrize(("options", "error", "shown"), [
    ({"min_population": -1}, ValueError, "-1"),
    ({"min_population": "1000"}, TypeError, "'1000'"),
    ({"feature_classes": "P"}, TypeError, "'P'"),
    ({"feature_classes": frozenset({"P", "city"})}, ValueError, "'city'"),
])
def test_bad_options_are_rejected_at_the_call(tmp_path: Path, options: dict,
                                             error: type, shown: str) -> None:
    with pytest.raises(error, match=shown):
        read_geonames_dump(write_dump(tmp_path / "SY.txt"), **options)


def _with(row: list[str], column: int, value: str) -> list[str]:
    return row[:column] + [value] + row[column + 1:]


@pytest.mark.parametrize(("bad_row", "shown"), [
    (EUPHRATES[:18], "expected 19 tab-separated columns, got 18"),
    (EUPHRATES + ["extra"], "got 20"),
    (_with(EUPHRATES, 4, "abc"), "latitude must be a number within +/-90, got 'abc'"),
    (_with(EUPHRATES, 4, "95"), "latitude must be a number within +/-90, got '95'"),
    (_with(EUPHRATES, 4, "nan"), "latitude must be a number within +/-90, got 'nan'"),
    (_with(EUPHRATES, 4, ""), "latitude must be a number within +/-90, got ''"),
    (_with(EUPHRATES, 5, "200.5"), "longitude must be a number within +/-180, got '200.5'"),
    (_with(EUPHRATES, 5, "40,9"), "longitude must be a number within +/-180, got '40,9'"),
    (_with(EUPHRATES, 0, "x12"), "geonameid must be a whole number, got 'x12'"),
    (_with(EUPHRATES, 14, "many"), "population must be a whole number or empty, got 'many'"),
    (_with(_with(EUPHRATES, 1, ""), 2, " "), "name or asciiname must be non-empty, got ''"),
])
@pytest.mark.parametrize("name", ["SY.txt", "SY.zip"])
def test_malformed_row_names_file_line_and_value(tmp_path: Path, name: str,
                                                 bad_row: list[str], shown: str) -> None:
    dump = write_dump(tmp_path / name, [KHIRBET_AMMU, SYRIA, bad_row, DEIR_EZ_ZOR])
    records = read_geonames_dump(dump)
    with pytest.raises(GazetteerDataError) as caught:
        list(records)
    message = str(caught.value)
    assert name in message and "line 3:" in message
    assert shown in message
    if name.endswith(".zip"):
        assert "SY.txt" in message  # the member too


def test_bad_row_is_reported_even_when_filtered_out(tmp_path: Path) -> None:
    # One file is good or bad whatever the filters: a broken river row is
    # reported although only towns are asked for.
    dump = write_dump(tmp_path / "SY.txt", [KHIRBET_AMMU, _with(EUPHRATES, 4, "abc")])
    with pytest.raises(GazetteerDataError, match=r"SY\.txt, line 2: latitude"):
        list(read_geonames_dump(dump, feature_classes=frozenset("P")))


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    dump = tmp_path / "SY.txt"
    dump.write_bytes(dump_text([KHIRBET_AMMU]).encode() + b"9100009\tHal\xe9b\n")
    with pytest.raises(GazetteerDataError, match=r"SY\.txt, line 2: not UTF-8 .*xe9"):
        list(read_geonames_dump(dump))


def test_empty_lines_and_crlf_are_accepted(tmp_path: Path) -> None:
    text = "\n" + dump_text([KHIRBET_AMMU]).replace("\n", "\r\n") + "\n\n" + dump_text([SYRIA])
    dump = write_dump(tmp_path / "SY.txt", text="\ufeff" + text)
    records = list(read_geonames_dump(dump))
    assert [place.geonameid for place, _ in records] == [9100001, 9100005]
    # The byte-order mark does not stick to the first id, nor \r to the last column.
    assert records[0][1] == ["Khirbat ‘Ammū", "Khirbat `Ammu", "Khirbet Ammu", "Kherbet Ammo"]


def test_line_numbers_count_empty_lines(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "SY.txt", text="\n\n" + dump_text([_with(SYRIA, 5, "x")]))
    with pytest.raises(GazetteerDataError, match="line 3"):
        list(read_geonames_dump(dump))


def test_zip_without_its_txt_member_is_a_clear_error(tmp_path: Path) -> None:
    dump = tmp_path / "SY.zip"
    with zipfile.ZipFile(dump, "w") as archive:
        archive.writestr("readme.txt", "GeoNames dump test file\n")
        archive.writestr("IQ.txt", dump_text(ROWS))
    with pytest.raises(GazetteerDataError) as caught:
        read_geonames_dump(dump)  # raised at the call, before any row is read
    message = str(caught.value)
    assert "SY.zip" in message and "'SY.txt'" in message and "IQ.txt" in message


def test_corrupt_zip_and_missing_file_are_clear_errors(tmp_path: Path) -> None:
    fake = tmp_path / "SY.zip"
    fake.write_bytes(b"this is not a zip archive")
    with pytest.raises(GazetteerDataError, match=r"SY\.zip as a zip"):
        read_geonames_dump(fake)
    with pytest.raises(GazetteerDataError, match=r"no such GeoNames dump file: .*XX\.txt"):
        read_geonames_dump(tmp_path / "XX.txt")


def _big_dump_text(lines: int, bad_line: int | None = None) -> str:
    def row(n: int) -> str:
        fields = [str(9_200_000 + n), f"Qaryat {n}", f"Qaryat {n}", f"Village {n}",
                  f"{32 + n % 500 / 100:.2f}", f"{36 + n % 700 / 100:.2f}", "P", "PPL", "SY", "",
                  "05", "", "", "", str(n % 3000), "", "300", "Asia/Damascus", "2020-01-01"]
        if n == bad_line:
            fields[4] = "not-a-latitude"
        return "\t".join(fields) + "\n"

    return "".join(row(n) for n in range(1, lines + 1))


@pytest.mark.parametrize("name", ["SY.txt", "allCountries.zip"])
def test_rows_are_yielded_lazily(tmp_path: Path, name: str) -> None:
    # Line 2 of 200,000 is malformed: the first record still comes out, so
    # nothing past it has been parsed yet; the next one reports line 2.
    dump = write_dump(tmp_path / name, text=_big_dump_text(200_000, bad_line=2))
    records = read_geonames_dump(dump)
    first, names = next(records)
    assert (first.geonameid, first.name, names) == (9_200_001, "Qaryat 1", ["Qaryat 1", "Village 1"])
    with pytest.raises(GazetteerDataError, match=f"{name}.*line 2: latitude.*'not-a-latitude'"):
        next(records)


def test_large_zip_is_streamed_in_little_memory(tmp_path: Path) -> None:
    # Laziness alone would not catch reading every line up front (readlines):
    # the whole read must stay far below the size of the text. 50,000 lines
    # keep tracemalloc's slowdown to about a second.
    lines = 50_000
    text = _big_dump_text(lines)
    dump = write_dump(tmp_path / "allCountries.zip", text=text)
    tracemalloc.start()
    try:
        count = population = 0
        for place, _ in read_geonames_dump(dump, min_population=1000):
            count += 1
            population += place.population
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    expected = [n % 3000 for n in range(1, lines + 1) if n % 3000 >= 1000]
    assert (count, population) == (len(expected), sum(expected))
    assert peak < len(text) / 10, f"peak {peak:,} bytes for a {len(text):,}-character dump"


def test_dump_signature_names_size_and_mtime(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "SY.zip")
    stat = dump.stat()
    assert dump_signature(dump) == f"SY.zip:{stat.st_size}:{stat.st_mtime_ns}"
    before = dump_signature(dump)
    write_dump(dump, ROWS[:2])
    os.utime(dump, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert dump_signature(dump) != before
    with pytest.raises(GazetteerDataError, match="nope.zip"):
        dump_signature(tmp_path / "nope.zip")



@pytest.mark.parametrize(("options", "message"), [({"min_population": -5}, "min_population must be >= 0"),
                                                  ({"feature_classes": {"Q"}}, "unknown GeoNames feature")])
def test_a_nonsense_option_is_a_project_error(tmp_path: Path, options: dict, message: str) -> None:
    from gazetteer import GazetteerSettingError
    from geo_events.errors import GeoEventsError

    dump = tmp_path / "SY.txt"
    dump.write_text("", encoding="utf-8")
    with pytest.raises(GazetteerSettingError, match=message) as caught:
        read_geonames_dump(dump, **options)
    assert isinstance(caught.value, GeoEventsError) and isinstance(caught.value, ValueError)
