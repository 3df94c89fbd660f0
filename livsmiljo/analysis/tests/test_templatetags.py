import pytest

from livsmiljo.analysis.templatetags.analysis_extras import heat_class


@pytest.mark.parametrize(
    ("value", "top", "expected"),
    [
        (0, 1, "heat-0"),
        (0.5, 1, "heat-10"),
        (1, 1, "heat-20 heat-dark"),
        (3, 2, "heat-20 heat-dark"),
        (1, 0, "heat-0"),
    ],
)
def test_a_heatmap_cell_gets_a_step_class_and_white_text_when_dark(value, top, expected):
    assert heat_class(value, top) == expected


@pytest.mark.django_db
def test_the_comparison_colours_its_cells_with_classes_not_inline_styles(
    facilitator_client, private_document
):
    page = facilitator_client.get("/analys/jamforelse/").content.decode()
    assert 'class="heat-' in page and "style=" not in page
