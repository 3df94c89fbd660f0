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


def _contrast(background: tuple[float, float, float], text: tuple[float, float, float]) -> float:
    def luminance(rgb: tuple[float, float, float]) -> float:
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    light, dark = sorted((luminance(background), luminance(text)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_heatmap_step_has_text_with_at_least_aa_contrast():
    """Each step's background (site.css) with the text colour heat_class gives it: 4.5:1 or more."""
    import colorsys
    import re
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/livsmiljo/site.css").read_text()
    steps = {
        int(n): (int(h), int(s), int(li))
        for n, h, s, li in re.findall(
            r"\.heat-(\d+) \{ background-color: hsl\((\d+), (\d+)%, (\d+)%\); \}", css
        )
    }
    assert len(steps) == 21
    for step, (h, s, li) in steps.items():
        background = colorsys.hls_to_rgb(h / 360, li / 100, s / 100)
        dark_text = "heat-dark" in heat_class(step / 20, 1)
        text = (1.0, 1.0, 1.0) if dark_text else (0x1A / 255,) * 3
        assert _contrast(background, text) >= 4.5, step
