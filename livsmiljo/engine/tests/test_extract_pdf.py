"""The PDF layout pass on hand-placed segments: columns, tables, furniture, pathological pages."""

from livsmiljo.engine.extract_pdf import Segment, _furniture, _page_text, _RawPage

A4 = 842.0


def _line(text: str, x0: float, top: float, width: float = 230, size: float = 10) -> Segment:
    return Segment(text, x0, x0 + width, top, top + size, size)


def _column(prefix: str, x0: float, lines: int = 8, top: float = 100) -> list[Segment]:
    return [_line(f"{prefix}{n} löper hela vägen", x0, top + 13 * n) for n in range(lines)]


def test_two_columns_are_read_one_after_the_other_under_a_full_width_heading():
    heading = Segment("Rubrik över båda spalterna", 60, 520, 60, 78, 18)
    page = _RawPage(1, A4, [heading, *_column("vänster", 60), *_column("höger", 310)])
    text = _page_text(page, set()).text
    assert text.index("Rubrik") < text.index("vänster0") < text.index("vänster7") < text.index("höger0")
    assert _page_text(page, set()).headings == ("Rubrik över båda spalterna",)


def test_a_table_of_short_cells_is_read_row_by_row():
    rows = [
        ("Åtgärd", "Ansvar", "År"),
        ("Busslinjer", "Regionen", "2026"),
        ("Hållplatser", "Kommunerna", "2027"),
    ]
    segments = [
        _line(cell, x0, 100 + 20 * r, width=60)
        for r, row in enumerate(rows)
        for cell, x0 in zip(row, (60, 200, 400), strict=True)
    ]
    page = _RawPage(1, A4, segments)
    assert _page_text(page, set()).text.split("\n\n") == [" | ".join(row) for row in rows]


def test_page_numbers_and_running_heads_go_but_a_year_and_body_text_stay():
    pages = []
    for number in (1, 2, 3):
        segments = [
            _line("Regional utvecklingsstrategi – remiss", 60, 20),
            _line(f"Brödtext på sidan {number}", 60, 100),
            _line(str(number), 290, 810, width=10),
        ]
        if number == 2:  # a table's last row, low on one page
            segments.insert(2, _line("2030", 60, 790, width=30))
        pages.append(_RawPage(number, A4, segments))
    repeated = _furniture(pages)
    texts = [_page_text(page, repeated).text.split("\n\n") for page in pages]
    assert texts[1] == ["Brödtext på sidan 2", "2030"]


def test_a_single_page_keeps_its_top_line_when_nothing_repeats():
    page = _RawPage(1, A4, [_line("Inledning till planen", 60, 20), _line("Text.", 60, 100)])
    assert _page_text(page, _furniture([page])).text.startswith("Inledning till planen")


def test_a_staircase_of_hundreds_of_boxes_is_read_without_running_out_of_stack():
    segments = [_line(f"steg{n}", 5 + n * 2.5, 5 + n * 3.5, width=2) for n in range(220)]
    text = _page_text(_RawPage(1, A4 * 2, segments), set()).text
    assert all(f"steg{n}" in text for n in range(220))


def test_a_heading_at_the_top_of_every_page_is_content_not_a_running_head():
    pages = [
        _RawPage(n, A4, [Segment(f"{n} Avsnitt", 60, 160, 45, 59, 14), _line(f"Text på sidan {n}.", 60, 100)])
        for n in (1, 2, 3)
    ]
    texts = [_page_text(page, _furniture(pages)) for page in pages]
    assert [t.headings for t in texts] == [("1 Avsnitt",), ("2 Avsnitt",), ("3 Avsnitt",)]


def test_lines_set_with_wide_spaces_are_read_line_by_line_not_as_a_table():
    rows = [
        ("Åtgärd", "Ansvar", "År"),
        ("Nya busslinjer i glesbygden", "Regionen", "2026"),
        ("Hållplatser", "Kommunerna", "2027"),
    ]
    segments = []
    for r, row in enumerate(rows):
        x0 = 60.0
        for cell in row:
            segments.append(_line(cell, x0, 100 + 13 * r, width=6 * len(cell)))
            x0 += 6 * len(cell) + 12
    text = _page_text(_RawPage(1, A4, segments), set()).text
    assert text.split("\n") == [" ".join(row) for row in rows]
