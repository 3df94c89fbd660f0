"""Issue 12, item 1: poll results drawn as PNG for the documentation (bars and word clouds)."""

from livsmiljo.engine.poll_charts import bar_chart, word_cloud

PNG = b"\x89PNG\r\n\x1a\n"


def _size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_a_bar_chart_is_a_png_that_grows_with_its_options():
    two = bar_chart(["Nyfiken", "Trött"], [3, 1], axis_label="Antal svar")
    six = bar_chart([f"Alternativ {n}" for n in range(6)], [1, 2, 3, 4, 5, 6])
    assert two.startswith(PNG) and six.startswith(PNG)
    assert _size(six)[1] > _size(two)[1]


def test_a_word_cloud_is_the_same_picture_for_the_same_words_and_taller_for_more_rows():
    words = [("kollektivtrafik", 9), ("trygghet", 5), ("bostäder", 4), ("natur", 1)]
    assert word_cloud(words) == word_cloud(words)
    many = [(f"ord{n}", 10) for n in range(30)]
    assert _size(word_cloud(many))[1] > _size(word_cloud(words[:1]))[1]


def test_a_word_cloud_without_words_is_still_an_image():
    assert word_cloud([]).startswith(PNG)
