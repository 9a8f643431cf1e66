"""The XLSX export prints on paper: landscape, one page wide, header repeated; LibreOffice."""

import io
import os
import re
import shutil
import subprocess

import openpyxl
import pytest
from django.urls import reverse

from tests.conftest import make_forum, make_practice

pytestmark = pytest.mark.django_db

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


def twenty_rows_xlsx(client):
    forum = make_forum(title="Jobcenter der Zukunft 2030")
    for n in range(20):
        make_practice(
            forum,
            title=f"Gesundheitscoaching im Jobcenter verstetigen, Variante {n}",
            description="Die Teilnehmenden werden von einem Lotsen begleitet, der Kontakte "
            "zu Ärztinnen, Beratungsstellen und Arbeitgebern knüpft. " * 2,
            aspect="Verstetigung über Eingliederungsmittel",
            hurdles=["Finanzierung nach Projektende offen"],
        )
    response = client.get(reverse("practices:export_xlsx"), {"forum": forum.slug})
    return b"".join(response.streaming_content)


def test_xlsx_has_a_landscape_one_page_wide_print_setup(client):
    sheet = openpyxl.load_workbook(io.BytesIO(twenty_rows_xlsx(client))).worksheets[0]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth in (None, 1)  # 1 is the file format default
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    assert "Transferpraxis rehapro" in sheet.oddHeader.left.text
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width


def test_libreoffice_prints_twenty_rows_on_at_most_two_pages(client, tmp_path):
    """The data sheet on one page, the Info sheet on another."""
    if not LIBREOFFICE:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is missing: apt-get install libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    source = tmp_path / "praxis.xlsx"
    source.write_bytes(twenty_rows_xlsx(client))
    subprocess.run(
        [
            LIBREOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (tmp_path / "praxis.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    print("LibreOffice pages for 20 rows:", pages)
    assert 1 <= pages <= 2
