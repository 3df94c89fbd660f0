import io
import xml.etree.ElementTree as ET

import pytest
from openpyxl import Workbook, load_workbook

from livsmiljo.engine.matrix import (
    MatrixFileError,
    ScoredMatrix,
    analyse,
    analysis_json,
    compare,
    describe,
    disagreement,
    goal_candidates,
    goal_sets,
    median,
    read_csv,
    read_xlsx,
    write_csv,
    write_xlsx,
)
from livsmiljo.engine.matrix.charts import ChartLabels, heatmap, influence_bars, network, network_alt_text
from livsmiljo.engine.matrix.goals import short_name

# The acceptance check's example (../shared/tools/check-contract matrix), worked out by hand.
CONTRACT = ScoredMatrix.from_rows(
    ["Bostäder", "Pendling", "Grönområden", "Företag"],
    [[None, 2, -2, 1], [2, None, -1, 2], [-1, 0, None, 1], [1, 2, -3, None]],
)
# Three missing cells (P→R, Q→S, R→P, S→Q), worked out by hand.
MISSING = ScoredMatrix.from_rows(
    ["P", "Q", "R", "S"],
    [[None, 3, None, -1], [2, None, 1, None], [None, 2, None, -2], [0, None, 3, None]],
)


def test_the_contract_example_gives_the_figures_worked_out_by_hand():
    result = analysis_json(analyse(CONTRACT))
    assert result == {
        "goals": ["Bostäder", "Pendling", "Grönområden", "Företag"],
        "out": {"Bostäder": 1, "Pendling": 3, "Grönområden": 0, "Företag": 0},
        "in": {"Bostäder": 2, "Pendling": 4, "Grönområden": -6, "Företag": 4},
        "out_pos": {"Bostäder": 3, "Pendling": 4, "Grönområden": 1, "Företag": 3},
        "out_neg": {"Bostäder": -2, "Pendling": -1, "Grönområden": -1, "Företag": -3},
        "second_order": {"Bostäder": 6, "Pendling": 2, "Grönområden": -1, "Företag": 7},
        "strong_conflicts": [["Företag", "Grönområden", -3], ["Bostäder", "Grönområden", -2]],
        "clusters": [["Bostäder", "Pendling", "Företag"]],
    }


def test_missing_cells_count_as_zero_in_the_figures():
    a = analyse(MISSING)
    assert a.out == {"P": 2, "Q": 3, "R": 0, "S": 3}
    assert a.in_ == {"P": 2, "Q": 5, "R": 4, "S": -3}
    assert a.out_pos == {"P": 3, "Q": 3, "R": 2, "S": 3}
    assert a.out_neg == {"P": -1, "Q": 0, "R": -2, "S": 0}
    assert a.second_order == {"P": 6, "Q": 4, "R": 0, "S": 0}
    assert a.strong_conflicts == [("R", "S", -2)]
    assert a.clusters == [["P", "Q"]]
    assert (a.scored, a.pairs, a.missing) == (8, 12, 4)


def test_a_chain_of_mutual_reinforcement_is_one_cluster_of_three_and_the_largest_comes_first():
    m = ScoredMatrix.from_rows(
        ["A", "B", "C", "D", "E"],
        [
            [None, 2, 1, 0, 0],
            [3, None, 2, 0, 0],
            [0, 3, None, 0, 0],
            [0, 0, 0, None, 2],
            [0, 0, 0, 2, None],
        ],
    )
    assert analyse(m).clusters == [["A", "B", "C"], ["D", "E"]]


def test_reinforcement_one_way_only_makes_no_cluster():
    m = ScoredMatrix.from_rows(["A", "B", "C"], [[None, 3, 0], [1, None, 0], [0, 0, None]])
    assert analyse(m).clusters == []


def test_strong_conflicts_come_most_negative_first_and_ties_in_goal_order():
    m = ScoredMatrix.from_rows(["A", "B", "C"], [[None, -2, -2], [-3, None, -1], [-2, 0, None]])
    assert analyse(m).strong_conflicts == [("B", "A", -3), ("A", "B", -2), ("A", "C", -2), ("C", "A", -2)]


def test_drivers_and_held_back_goals_are_named_for_the_page():
    a = analyse(CONTRACT)
    assert a.ranking == ["Pendling", "Bostäder", "Grönområden", "Företag"]
    assert a.drivers == ["Pendling", "Bostäder"]
    assert a.held_back == ["Grönområden"]
    assert a.strong_synergies[0] == ("Bostäder", "Pendling", 2)


def test_a_csv_round_trip_keeps_every_score_and_every_missing_cell():
    for delimiter in (",", ";", "\t"):
        assert read_csv(write_csv(MISSING, delimiter)) == MISSING
    assert read_csv(write_csv(MISSING, ";", bom=True).encode()) == MISSING


def test_an_xlsx_round_trip_keeps_every_score_and_every_missing_cell():
    assert read_xlsx(write_xlsx(MISSING)) == MISSING
    assert read_xlsx(write_xlsx(CONTRACT)) == CONTRACT


def test_goal_names_that_look_like_formulas_are_kept_as_text_in_both_formats():
    m = ScoredMatrix.from_rows(
        ["=HYPERLINK(1)", "+cmd", "@SUM(A1)"], [[None, -1, 2], [1, None, 0], [3, -3, None]]
    )
    text = write_csv(m)
    assert text.splitlines()[0] == ",'=HYPERLINK(1),'+cmd,'@SUM(A1)"
    assert read_csv(text) == m
    sheet = load_workbook(io.BytesIO(write_xlsx(m))).worksheets[0]
    assert sheet["B1"].value == "=HYPERLINK(1)" and sheet["B1"].data_type == "s" and sheet["B1"].quotePrefix
    assert read_xlsx(write_xlsx(m)) == m


def test_the_xlsx_has_bold_goal_names_and_frozen_panes():
    sheet = load_workbook(io.BytesIO(write_xlsx(CONTRACT))).worksheets[0]
    assert sheet.freeze_panes == "B2"
    assert sheet["B1"].font.bold and sheet["A2"].font.bold
    assert sheet["C2"].value == 2 and sheet["B2"].value is None


def test_what_swedish_excel_writes_is_read():
    text = "\ufeff;A;B;C\r\nA;—;\u22122;+2\r\nB;1;;\r\nC;–1;3,0;-\r\n"
    m = read_csv(text)
    assert m.cells == {(0, 1): -2, (0, 2): 2, (1, 0): 1, (2, 0): -1, (2, 1): 3}
    assert read_csv(";Åtgärd;Bygd;Öar\nÅtgärd;;1;\nBygd;2;;\nÖar;;;0\n".encode("cp1252")).goals == (
        "Åtgärd",
        "Bygd",
        "Öar",
    )


def test_goal_names_with_commas_in_a_semicolon_file_are_kept_whole():
    m = read_csv(";Natur, miljö;Boende, bygd;Kultur\nNatur, miljö;;1;2\nBoende, bygd;1;;1\nKultur;0;0;\n")
    assert m.goals == ("Natur, miljö", "Boende, bygd", "Kultur")


BAD_FILES = [
    ("", "empty", ["tom"]),
    (" ;  \n\n", "empty", ["tom"]),
    (";A;B\nA;;1\nB;1;\n", "too_few_goals", ["2 mål", "minst 3"]),
    (";" + ";".join(f"M{k}" for k in range(41)) + "\n", "too_many_goals", ["41 mål", "högst 40"]),
    (";A;;C\nA;;1;2\nB;1;;1\nC;1;1;\n", "missing_name", ["Rad 1, kolumn 3"]),
    (";A;B;C\n;;1;2\nB;1;;1\nC;1;1;\n", "missing_name", ["Rad 2, kolumn 1"]),
    (";A;B;a\nA;;1;2\nB;1;;1\na;1;1;\n", "duplicate_goal", ["”a”", "kolumn 4"]),
    (";A;B;C\nA;;1;2\nB;1;;1\n", "not_square", ["3 mål", "2 rader", "rad 4"]),
    (";A;B;C\nA;;1;2\nB;1;;1\nC;1;1;\nD;1;1;1\n", "not_square", ["3 mål", "4 rader", "rad 5"]),
    (";A;B;C\nA;;1;2;;3\nB;1;;1\nC;1;1;\n", "outside_matrix", ["Rad 2", "kolumn 6", "”3”"]),
    (";A;B;C\nA;;1;2\nX;1;;1\nC;1;1;\n", "names_differ", ["Rad 3 heter ”X”", "kolumn 3", "”B”"]),
    (";A;B;C\nA;;1;2\nB;1;;hög\nC;1;1;\n", "not_integer", ["Rad 3, kolumn 4", "B → C", "”hög”"]),
    (";A;B;C\nA;;1,5;2\nB;1;;1\nC;1;1;\n", "not_integer", ["Rad 2, kolumn 3", "A → B", "”1,5”"]),
    (";A;B;C\nA;;1;2\nB;1;;1\nC;−4;1;\n", "out_of_range", ["Rad 4, kolumn 2", "C → A", "−4"]),
    (";A;B;C\nA;;1;2\nB;1;;1\nC;1;1;+7\n", "diagonal", ["Rad 4, kolumn 4", "C → C", "”+7”"]),
    (";A;B;C\nA;;1;2\nB;1;x;1\nC;1;1;\n", "diagonal", ["Rad 3, kolumn 3", "B → B"]),
]


@pytest.mark.parametrize(("text", "code", "words"), BAD_FILES)
def test_every_kind_of_bad_file_gets_a_swedish_message_naming_row_and_column(text, code, words):
    with pytest.raises(MatrixFileError) as caught:
        read_csv(text)
    assert caught.value.code == code
    for word in words:
        assert word in str(caught.value)


def test_the_error_parameters_are_there_for_a_translated_message():
    with pytest.raises(MatrixFileError) as caught:
        read_csv(";A;B;C\nA;;1;2\nB;1;;hög\nC;1;1;\n")
    assert describe(caught.value) == {
        "code": "not_integer", "row": 3, "column": 4, "row_name": "B", "column_name": "C", "value": "hög",
        "min": 3, "max": 40,
    }  # fmt: skip


def test_a_bad_score_in_an_xlsx_file_is_named_by_row_and_column():
    book = Workbook()
    sheet = book.active
    for row in [[None, "A", "B", "C"], ["A", None, 1, 2.5], ["B", 1, None, 1], ["C", 1, 1, None]]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(MatrixFileError) as caught:
        read_xlsx(buffer.getvalue())
    assert (caught.value.code, caught.value.row, caught.value.column) == ("not_integer", 2, 4)
    assert "Rad 2, kolumn 4 (A → C)" in str(caught.value)


def test_a_file_that_is_no_workbook_is_unreadable():
    with pytest.raises(MatrixFileError) as caught:
        read_xlsx(b"PK\x03\x04 not really a zip")
    assert caught.value.code == "unreadable"
    assert "XLSX" in str(caught.value)


def test_bytes_that_are_no_text_are_unreadable_or_rejected_with_a_message():
    with pytest.raises(MatrixFileError):
        read_csv(bytes(range(256)) * 4)


def test_median_and_disagreement_of_one_cells_scores():
    assert median([2, -1, 3]) == 2.0
    assert median([1, 2]) == 1.5
    assert disagreement([2, -1]) is True
    assert disagreement([2, 0, 1]) is False
    assert disagreement([]) is False


def test_comparison_on_shared_goals_keeps_missing_cells_missing():
    later = ScoredMatrix.from_rows(
        ["Q", "P", "S", "T"],
        [[None, 0, 2, 1], [3, None, -3, 1], [None, 1, None, 0], [1, 1, 1, None]],
    )
    c = compare([MISSING, later], ["2025", "2026"])
    assert c.goals == ("P", "Q", "S")
    assert c.matrices[0].cells == {(0, 1): 3, (0, 2): -1, (1, 0): 2, (2, 0): 0}
    assert c.matrices[1].cells == {(0, 1): 3, (0, 2): -3, (1, 0): 0, (1, 2): 2, (2, 0): 1}
    assert c.differences[0].cells == {(0, 1): 0, (0, 2): -2, (1, 0): -2, (2, 0): 1}  # Q→S missing in 2025
    assert c.out_differences[0] == {"P": -2, "Q": 0, "S": 1}
    assert c.in_differences[0] == {"P": -1, "Q": 0, "S": 0}
    assert c.largest[0] == [("P", "S", -2), ("Q", "P", -2), ("S", "P", 1)]
    assert c.only_in == [["R"], ["T"]]


def test_a_comparison_needs_two_matrices():
    with pytest.raises(ValueError):
        compare([MISSING], ["en"])


PASSAGES = [
    (
        1,
        "Inledning",
        "Den här planen beskriver hur länet utvecklas fram till 2035. Den togs fram i dialog.",
        2,
    ),
    (2, "Mål 1: Ett län där alla kan bo och arbeta", "Bostäder byggs i takt med behoven.", 5),
    (
        3,
        "2.1 Hållbara resor i hela länet",
        "Målet är att andelen resor med kollektivtrafik ska fördubblas.",
        7,
    ),
    (
        4,
        "Prioriteringar",
        "Prioritering: Kompetens för framtidens arbetsliv\n"
        "Insatsområde 3: Digital infrastruktur i glesbygden\n"
        "Länet ska vara fossiloberoende år 2040. Vi hade ett möte om saken i våras.",
        9,
    ),
    (5, "1.1 Bakgrund", "Strategiskt område 2 – Innovation och företagande", 10),
    (6, "Mål 1: Ett län där alla kan bo och arbeta", "Samma mål nämns igen i sammanfattningen.", 30),
]


def test_goal_candidates_are_the_goal_like_headings_and_sentences_in_document_order():
    found = goal_candidates(PASSAGES)
    assert [(c.name, c.reason, c.page) for c in found] == [
        ("Ett län där alla kan bo och arbeta", "numbered_goal", 5),
        ("Hållbara resor i hela länet", "numbered_heading", 7),
        ("Andelen resor med kollektivtrafik ska fördubblas", "goal_sentence", 7),
        ("Kompetens för framtidens arbetsliv", "priority", 9),
        ("Digital infrastruktur i glesbygden", "action_area", 9),
        ("Länet ska vara fossiloberoende år 2040", "aim_sentence", 9),
        ("Innovation och företagande", "strategic_area", 10),
    ]
    assert found[0].passage_id == 2 and found[0].description == "Mål 1: Ett län där alla kan bo och arbeta"


def test_past_the_limit_the_strongest_kinds_of_candidate_are_kept():
    many = [(k, None, f"Kommun nummer {k} ska bli en bättre plats för unga.", k) for k in range(50)]
    found = goal_candidates([*many, (99, "Mål 7: Ren luft", "", 60)], limit=40)
    assert len(found) == 40
    assert found[-1].name == "Ren luft"


def test_a_long_goal_is_cut_at_a_word_to_sixty_characters():
    name = short_name(
        "Regionen ska ha en hållbar och konkurrenskraftig besöksnäring som bidrar till arbete i hela länet."
    )
    assert len(name) <= 60 and name.endswith("…") and not name[:-1].endswith(" ")


def test_the_predefined_goal_sets_are_there():
    sets = goal_sets()
    assert [g.name for g in sets["agenda2030"].goals][:3] == [
        "Ingen fattigdom",
        "Ingen hunger",
        "Hälsa och välbefinnande",
    ]
    assert len(sets["agenda2030"].goals) == 17
    assert len(sets["nationell"].goals) == 4
    assert len(sets["teman"].goals) == 14


def _svg_text(svg: bytes) -> str:
    root = ET.fromstring(svg)  # valid XML, or this raises
    return " ".join(t for t in root.itertext())


def test_the_heatmap_writes_each_score_and_marks_missing_cells():
    labels = ChartLabels(missing="missing")
    text = _svg_text(heatmap(MISSING, labels, title="Matris"))
    for word in ("+3", "−1", "+2", "−2", "0", "–", "missing", "Matris", "P", "S"):
        assert word in text


def test_the_charts_are_also_png():
    for png in (
        heatmap(CONTRACT, fmt="png"),
        influence_bars(analyse(CONTRACT), fmt="png"),
        network(CONTRACT, fmt="png"),
    ):
        assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_the_influence_bars_show_out_and_in_per_goal():
    text = _svg_text(influence_bars(analyse(CONTRACT), ChartLabels(out="given", in_="received")))
    assert "given" in text and "received" in text and "Grönområden" in text and "−6" in text


def test_the_network_tells_negative_links_apart_by_dashes():
    svg = network(analyse(CONTRACT), ChartLabels(positive="helps", negative="hinders"))
    text = _svg_text(svg)
    assert "helps" in text and "hinders" in text and "Företag" in text
    assert b"stroke-dasharray" in svg


def test_the_alt_text_names_the_strongest_links():
    alt = network_alt_text(CONTRACT)
    assert alt["links"] == 6
    assert alt["negative"] == [("Företag", "Grönområden", -3), ("Bostäder", "Grönområden", -2)]
    assert "Företag → Grönområden (−3)" in str(alt["text"])


def test_a_heatmap_of_differences_widens_its_scale_to_fit():
    c = compare([CONTRACT, ScoredMatrix(CONTRACT.goals, {**CONTRACT.cells, (3, 2): 3})], ["före", "efter"])
    text = _svg_text(heatmap(c.differences[0]))
    assert "+6" in text  # Företag → Grönområden went from −3 to +3


def test_the_numbers_in_dark_cells_are_white_and_in_light_cells_black():
    from livsmiljo.engine.matrix.charts import _ink_on

    assert _ink_on((0.02, 0.19, 0.38)) == "white"  # the darkest blue of the scale
    assert _ink_on((0.97, 0.97, 0.97)) == "black"  # 0


def _xlsx_with_a_huge_cell(characters: int) -> bytes:
    """A valid matrix workbook whose sheet also holds one inline string of `characters` letters: a few
    hundred kilobytes packed, far more unpacked."""
    import zipfile

    good = zipfile.ZipFile(io.BytesIO(write_xlsx(CONTRACT)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in good.infolist():
            data = good.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                cell = '<c r="Z9" t="inlineStr"><is><t>' + "A" * characters + "</t></is></c>"
                data = data.replace(b"</row>", cell.encode() + b"</row>", 1)
            archive.writestr(info.filename, data)
    return out.getvalue()


def test_an_xlsx_that_unpacks_to_far_more_than_a_matrix_is_refused_before_it_is_unpacked():
    bomb = _xlsx_with_a_huge_cell(60 * 1024 * 1024)
    assert len(bomb) < 2 * 1024 * 1024  # it passes the upload's size limit
    with pytest.raises(MatrixFileError) as caught:
        read_xlsx(bomb)
    assert caught.value.code == "too_big"
    assert "säkerhetsskäl" in str(caught.value)


def test_a_tab_separated_utf16_file_as_excel_saves_unicode_text_is_read():
    text = "\t".join(["", "Bostäder", "Pendling", "Grönområden"]) + "\r\n"
    text += "Bostäder\t\t−2\t1\r\nPendling\t2\t\t\r\nGrönområden\t–3\t+1\t\r\n"
    m = read_csv(text.encode("utf-16"))
    assert m.goals == ("Bostäder", "Pendling", "Grönområden")
    assert m.cells == {(0, 1): -2, (0, 2): 1, (1, 0): 2, (2, 0): -3, (2, 1): 1}
