"""hefte.render.fetcher: WeasyPrint may read files of the project and nothing else, and says clearly why not."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError

from conftest import make_project, participant
from hefte.render import images, pdf
from hefte import pipeline
from hefte.errors import RenderError
from hefte.render.fetcher import MESSAGES, VIRTUAL, FetchRefused, ProjectFetcher


def jpeg_with_gps(width: int = 40, height: int = 30) -> bytes:
    image = Image.new("RGB", (width, height), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Kameraprodusent"  # Make
    exif[0x8825] = {1: "N", 2: (59.0, 54.0, 0.0)}  # GPSInfo: a place a participant lives
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def project(tmp_path):
    """A publication folder and an overrides folder, plus a secret file next to them."""
    pub = tmp_path / "texts" / "hefte"
    (pub / "bilder").mkdir(parents=True)
    (pub / "bilder" / "foto.jpg").write_bytes(jpeg_with_gps())
    (pub / "notat.txt").write_text("ikke for trykk", "utf-8")
    overrides = tmp_path / "overrides"
    (overrides / "print").mkdir(parents=True)
    (overrides / "print" / "print.css").write_text("p { color: black }", "utf-8")
    (tmp_path / "hemmelig.css").write_text("p { color: red }", "utf-8")
    clean = tmp_path / "clean"
    clean.mkdir()
    fetcher = ProjectFetcher({"publikasjon": pub, "maler": overrides}, clean,
                             owners={pub / "bilder" / "foto.jpg": "«Morgen» (morgen.md)"})
    return fetcher, pub, overrides, tmp_path


def refused(fetcher, url) -> FetchRefused:
    with pytest.raises(FetchRefused) as info:
        fetcher.fetch(url)
    return info.value


@pytest.mark.parametrize("url", ["http://example.com/bilde.jpg", "https://example.com/font.woff",
                                 "ftp://example.com/x.css", "javascript:alert(1)", "hefte:bilder/foto.jpg"])
def test_refuses_other_schemes(project, url):
    fetcher = project[0]
    error = refused(fetcher, url)
    assert error.code == "fetch.scheme"
    assert "bare filer i prosjektet er tillatt" in error.message("nb")
    assert "only files of the project are allowed" in error.message("en")


def test_refuses_files_outside_the_roots(project):
    fetcher = project[0]
    assert refused(fetcher, "file:///etc/passwd").code == "fetch.outside"
    assert refused(fetcher, (project[3] / "hemmelig.css").as_uri()).code == "fetch.outside"


@pytest.mark.parametrize("suffix", ["../../hemmelig.css", "../../../../../../etc/passwd", "bilder/../../../hemmelig.css"])
def test_refuses_dotdot_escapes_virtual_and_real(project, suffix):
    fetcher, pub = project[0], project[1]
    assert refused(fetcher, f"file://{VIRTUAL}publikasjon/{suffix}").code == "fetch.outside"
    # urllib would fold these before we see them; a hand-made URL keeps them, and must fail the same way.
    assert refused(fetcher, f"file://{pub.as_posix()}/{suffix}").code == "fetch.outside"
    assert refused(fetcher, f"file://{VIRTUAL}../{suffix}").code == "fetch.outside"


def test_refuses_symlink_escape(project):
    fetcher, pub, _, root = project
    (pub / "snarvei.css").symlink_to(root / "hemmelig.css")
    (pub / "mappe").symlink_to(root)
    assert refused(fetcher, fetcher.url_for(pub) + "snarvei.css").code == "fetch.outside"
    assert refused(fetcher, f"file://{VIRTUAL}publikasjon/mappe/hemmelig.css").code == "fetch.outside"


def test_refuses_other_hosts_types_and_missing_files(project):
    fetcher, pub = project[0], project[1]
    assert refused(fetcher, f"file://server/{pub.as_posix()}/bilder/foto.jpg").code == "fetch.scheme"
    assert refused(fetcher, fetcher.url_for(pub / "notat.txt")).code == "fetch.type"
    missing = refused(fetcher, f"file://{VIRTUAL}publikasjon/bilder/mangler.jpg")
    assert missing.code == "fetch.missing"


def test_data_urls_only_small(project):
    fetcher = project[0]
    small = "data:text/css;base64," + base64.b64encode(b"p{}").decode()
    assert fetcher.fetch(small).read() == b"p{}"
    big = "data:text/css;base64," + base64.b64encode(b"x" * 100_000).decode()
    assert refused(fetcher, big).code == "fetch.data-too-large"


def test_serves_css_and_fonts_inside_overrides(project):
    fetcher, _, overrides, _ = project
    response = fetcher.fetch(fetcher.url_for(overrides / "print" / "print.css"))
    assert response.read() == b"p { color: black }"
    assert response.content_type == "text/css"
    # The real file URL of the same file is just as good.
    assert fetcher.fetch((overrides / "print" / "print.css").as_uri()).read() == b"p { color: black }"


def test_images_are_served_as_metadata_free_copies(project):
    fetcher, pub = project[0], project[1]
    original = pub / "bilder" / "foto.jpg"
    assert "GPS" in images.find_metadata(original)
    data = fetcher.fetch(fetcher.url_for(original)).read()
    assert data != original.read_bytes()
    assert images.find_metadata(data) == []
    assert Image.open(io.BytesIO(data)).size == (40, 30)
    assert original.read_bytes() == jpeg_with_gps()  # the participant's file is never touched


def test_broken_image_is_refused_with_the_image_problem(project):
    fetcher, pub = project[0], project[1]
    (pub / "bilder" / "foto.jpg").write_bytes(b"\xff\xd8 ikke et bilde")
    error = refused(fetcher, fetcher.url_for(pub / "bilder" / "foto.jpg"))
    assert error.code == "fetch.image" and "«Morgen» (morgen.md)" in error.message()
    assert "kan ikke leses" in error.message()


def test_urls_do_not_depend_on_the_checkout_folder(project):
    fetcher, pub = project[0], project[1]
    url = fetcher.url_for(pub / "bilder" / "foto.jpg")
    assert url == f"file://{VIRTUAL}publikasjon/bilder/foto.jpg"
    assert str(project[3]) not in url
    assert fetcher.path_for(url) == (pub / "bilder" / "foto.jpg").resolve()
    with pytest.raises(ValueError):
        fetcher.url_for(Path("/etc/passwd"))


def test_refusal_names_the_text(project):
    fetcher, pub = project[0], project[1]
    (pub / "bilder" / "foto.jpg").unlink()
    error = refused(fetcher, fetcher.url_for(pub / "bilder" / "foto.jpg"))
    assert "«Morgen» (morgen.md)" in error.message("nb")
    assert "«Morgen» (morgen.md)" in error.message("en")


def test_every_message_has_bokmal_and_english():
    for code, (nb, en) in MESSAGES.items():
        assert nb and en and nb != en or code == "fetch.owner-template", code


def test_refusal_stops_weasyprint_instead_of_logging(project):
    """WeasyPrint logs and carries on for ordinary fetch errors; ours must stop the render."""
    fetcher = project[0]
    assert issubclass(FetchRefused, FatalURLFetchingError)
    html = '<p>x</p><img src="http://example.com/sporing.png" alt="">'
    with pytest.raises(FetchRefused) as info:
        HTML(string=html, base_url=fetcher.url_for(project[1]), url_fetcher=fetcher).render()
    assert info.value.code == "fetch.scheme"
    css = '<style>@import url("file:///etc/passwd");</style><p>x</p>'
    with pytest.raises(FetchRefused):
        HTML(string=css, base_url=fetcher.url_for(project[1]), url_fetcher=fetcher).render()


def test_render_all_stops_on_a_refused_file_and_names_it(tmp_path):
    outside = tmp_path / "utenfor.jpg"
    outside.write_bytes(jpeg_with_gps())
    make_project(tmp_path, {"a.md": participant("En", "Tekst.\n")}, cover={"image": "lenke.jpg", "alt": "Omslag"})
    (tmp_path / "texts" / "testhefte" / "lenke.jpg").symlink_to(outside)
    with pytest.raises(RenderError) as info:
        pdf.render_all(pipeline.prepare(tmp_path), tmp_path / "out")
    assert info.value.code == "fetch.outside"
    assert "omslagsbildet" in info.value.message("nb")
    assert "outside the publication folder" in info.value.message("en")
    assert not list((tmp_path / "out").glob("*.pdf"))


PHOTO = {"file": "gps.jpg", "alt": "Et bilde", "credit": "Thea", "shows_writer": False,
         "consent": {"web": True, "print": True}}


def test_no_metadata_from_photos_reaches_the_pdf(tmp_path):
    make_project(tmp_path, {"a.md": participant("Bilde", "Tekst.\n", photos=[PHOTO])},
                 files={"gps.jpg": jpeg_with_gps(400, 300)})
    result = pdf.render_all(pipeline.prepare(tmp_path), tmp_path / "out")
    for kind in ("print", "screen"):
        with pikepdf.open(result["testhefte"][kind]) as doc:
            for page in doc.pages:
                for _, image in page.get_images().items():
                    raw = image.read_raw_bytes()
                    assert b"Exif" not in raw and b"Kameraprodusent" not in raw
