"""Real PDFs (fpdf2, an embedded Noto Sans Arabic font with shaped text) and sidecars, in tmp folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_samples import ARABIC_PAGES, ENGLISH_PAGES, sidecar_fields, sidecar_text


@pytest.fixture(scope="session")
def arabic_font() -> Path:
    import fontpkg_noto_sans_arabic  # dev dependency: the font file ships inside the package

    return next(Path(fontpkg_noto_sans_arabic.__file__).parent.glob("files/*.ttf"))


@pytest.fixture(scope="session")
def make_pdf(arabic_font):
    """Write a PDF: one list of paragraphs per page, a running header and a page-number footer.

    order="visual" shapes Arabic into presentation forms and lays it out right to left, as an
    Arabic PDF should be; order="logical" stores the shaped letters in reading order, the way
    some producers do, so that extraction reads the line backwards.
    """
    from fpdf import FPDF

    def make(path: Path, pages: list[list[str]], lang: str = "en", order: str = "visual",
             header: str = "ITU Guidelines for parents and educators") -> Path:
        pdf = FPDF()
        pdf.set_auto_page_break(False)  # the footer sits in the bottom margin
        pdf.add_font("noto", fname=str(arabic_font))
        for number, paragraphs in enumerate(pages, 1):
            pdf.add_page()
            if lang == "ar":
                pdf.set_font("noto", size=9)
                pdf.cell(0, 8, _arabic_lines(pdf, header, order)[0], align="R",
                         new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.set_font("helvetica", size=9)
                pdf.cell(0, 8, header, new_x="LMARGIN", new_y="NEXT")
            for paragraph in paragraphs:
                if lang == "ar":
                    pdf.set_font("noto", size=12)
                    for line in _arabic_lines(pdf, paragraph, order):
                        pdf.cell(0, 8, line, align="R", new_x="LMARGIN", new_y="NEXT")
                else:
                    pdf.set_font("helvetica", size=12)
                    pdf.multi_cell(0, 7, paragraph)
                pdf.ln(4)
            pdf.set_y(-20)
            pdf.set_font("helvetica", size=9)
            pdf.cell(0, 8, f"Page {number}", align="C")
        pdf.output(str(path))
        return path

    return make


def _arabic_lines(pdf, paragraph: str, order: str) -> list[str]:
    """Break a paragraph into lines that fit the page, then shape each one."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    lines, current = [], ""
    for word in paragraph.split():
        candidate = f"{current} {word}".strip()
        if current and pdf.get_string_width(arabic_reshaper.reshape(candidate)) > pdf.epw - 4:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    shaped = [arabic_reshaper.reshape(line) for line in lines]
    return [get_display(line) for line in shaped] if order == "visual" else shaped


@pytest.fixture
def pdf_corpus(tmp_path, make_pdf) -> Path:
    """A corpus folder with an English and an Arabic PDF, paired, with their sidecars."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_pdf(folder / "guide-en.pdf", ENGLISH_PAGES, "en")
    make_pdf(folder / "guide-ar.pdf", ARABIC_PAGES, "ar", header="إرشادات الاتحاد الدولي للاتصالات")
    (folder / "guide-en.pdf.yml").write_text(sidecar_text(**sidecar_fields("guide-en", "en", "guide-ar")))
    (folder / "guide-ar.pdf.yml").write_text(sidecar_text(**sidecar_fields("guide-ar", "ar", "guide-en")))
    return folder
