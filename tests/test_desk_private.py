"""hefte.desk.proof and desk.form: each writer's proof and her consent form, read back from the real PDFs.

One copy of the sample per module; PDFs are rendered once per writer and shared by the tests.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import copy_sample
from hefte.cli import main
from hefte.config import load_config
from hefte.desk import consent_form, form_context, marks, writer_proof, writer_texts
from hefte.errors import HefteError
from hefte.guard import verify
from hefte.pipeline import prepare

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = copy_sample(tmp_path_factory.mktemp("desk-sample"))
    return prepare(load_config(root, today=TODAY))


@pytest.fixture(scope="module")
def proof_c04(sample):
    return writer_proof(sample, "c-04")


@pytest.fixture(scope="module")
def form_c04(sample):
    return consent_form(sample, "c-04")


def pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def titles(state) -> dict[str, str]:
    return {pt.text.qualified_id: pt.text.title for pt in state.plan.all_texts()}


# --- the writer's proof ---------------------------------------------------------------------------------------


def test_proof_holds_only_her_texts_with_the_mark_on_every_page(sample, proof_c04):
    assert proof_c04 == sample.config.root / "private" / "korrektur" / "c-04.pdf"
    text = pages(proof_c04)
    assert len(text) >= 3
    for number, page in enumerate(text, start=1):
        assert marks.PROOF_MARK in page, f"page {number} has no mark"
    everything = flat("\n".join(text))
    mine = {"hefte-2026/tolv-ting", "hefte-2026/paa-bussen"}
    for qid, title in titles(sample).items():
        assert (flat(title) in everything) == (qid in mine), qid
    assert "tekst: Måken" in everything and "tekst: Sjøfuglen" in everything
    assert "Jeg tar bussen sju tjueto." in everything  # her words, as printed
    assert marks.PRIVATE_KEYWORD in PdfReader(proof_c04).metadata["/Keywords"]


def test_proof_tells_her_where_each_text_goes_and_how_her_name_reads(sample, proof_c04):
    first = flat(pages(proof_c04)[0])
    assert "Korrektur til c-04" in first
    assert "Navnet ditt på nettsida tekst: Måken" in first and "Navnet ditt på trykk tekst: Måken" in first
    assert "På nettsida ja" in first
    # A text not yet approved is in her proof, and the proof says why it is not out yet.
    proof = writer_proof(sample, "c-10")
    text = flat(" ".join(pages(proof)))
    assert "Mor og radioen" in text and "ikke ennå: ikke godkjent av redaksjonen" in text
    assert "Mor hadde radioen på fra hun sto opp" in text


def test_proof_pages_are_the_print_layout(sample_build, proof_c04):
    """Her text's lines break exactly as in the print shop's PDF: the same template, fonts and measure."""
    printed = pages(sample_build.pdfs["hefte-2026"]["print"])
    proof = pages(proof_c04)

    def lines_of(all_pages, title):
        start = next(i for i, p in enumerate(all_pages) if p.lstrip().startswith(title))
        body = all_pages[start].split("\n")
        return [line for line in body if line.strip() and marks.PROOF_MARK not in line and not line.strip().isdigit()
                and not re.fullmatch(r"[ivxlc]+", line.strip())]

    assert lines_of(proof, "Bakerst på bussen")[:12] == lines_of(printed, "Bakerst på bussen")[:12]


def test_withdrawn_texts_are_not_hers_to_proof_or_sign(sample):
    with pytest.raises(HefteError) as caught:
        writer_proof(sample, "c-08")  # her only text is withdrawn
    assert "c-08" in caught.value.message("nb")
    assert writer_texts(sample, "c-08") == []


# --- her consent form ------------------------------------------------------------------------------------------


def test_consent_form_lists_exactly_her_texts_and_choices(sample, form_c04):
    data = form_context(sample, "c-04", writer_texts(sample, "c-04"), form_c04.reference)
    assert [t["title"] for t in data["texts"]] == ["Tolv ting som hjelper når pengene er borte før måneden",
                                                   "Bakerst på bussen"]
    assert [(t["web"], t["print"], t["byline"], t["byline_shown"]) for t in data["texts"]] == [
        ("yes", "yes", "pseudonym", "tekst: Måken"), ("yes", "yes", "pseudonym", "tekst: Sjøfuglen")]
    assert data["real_name"] == "Fridtjov Kvalsund-Eidsaa"
    text = flat(" ".join(pages(form_c04.path)))
    for title in titles(sample).values():
        assert (flat(title) in text) == (title in form_c04.texts), title
    assert text.count("Kan teksten ligge på nettsida? X ja nei") == 2
    assert text.count("X et annet navn (psevdonym)") == 2
    assert "Fridtjov Kvalsund-Eidsaa" in text and f"Skjema {form_c04.reference}" in text
    assert "trekke samtykket" in text and "Underskrift" in text and "Sted og dato" in text
    assert form_c04.path.parent == sample.config.root / "private" / "samtykke"
    assert marks.PRIVATE_KEYWORD in PdfReader(form_c04.path).metadata["/Keywords"]


def test_consent_form_keeps_what_she_signs_and_the_signature_lines_on_one_page(form_c04):
    """c-04's two texts filled the second page: «Sted og dato» stood there, «Underskrift» and «Navn med
    blokkbokstaver» alone on a third page, under nothing she had read."""
    text = pages(form_c04.path)
    statement = next(i for i, page in enumerate(text) if "Jeg har lest tekstene" in page)
    assert "Sted og dato" in text[statement] and "Navn med blokkbokstaver" in text[statement]
    assert text[statement].count("Underskrift") == 2  # the heading and the line she signs on


def test_consent_form_shows_a_no_as_a_no_and_photos_with_their_own_choices(sample):
    result = consent_form(sample, "c-11", reference="S-TEST-1")
    text = flat(" ".join(pages(result.path)))
    assert result.path.name == "S-TEST-1.pdf" and result.texts == ["Kjøkkenet til bestemor"]
    assert "på nettsida: X ja nei på trykk: X ja nei" in text  # the kitchen
    assert "på nettsida: ja X nei på trykk: ja X nei" in text  # the portrait she said no to
    web_no = consent_form(sample, "c-06")
    assert "Kan teksten ligge på nettsida? ja X nei" in flat(" ".join(pages(web_no.path)))


# --- never published ----------------------------------------------------------------------------------------------


def _verify_with(sample, tmp_path, name: str, source: Path) -> list:
    site, printed = tmp_path / "site", tmp_path / "print"
    site.mkdir(parents=True)
    printed.mkdir(parents=True)
    shutil.copy(source, (site if name == "site" else printed) / "vedlegg.pdf")
    return [f for f in verify.verify(sample, site, printed).errors if f.code == "verify.private-document"]


def test_verify_fails_on_a_proof_or_form_in_site_or_print(sample, proof_c04, form_c04, tmp_path):
    assert _verify_with(sample, tmp_path / "a", "site", proof_c04)
    assert _verify_with(sample, tmp_path / "b", "print", form_c04.path)
    # Re-saved without metadata, the proof is still known by the mark on its pages.
    stripped = tmp_path / "stripped.pdf"
    with pikepdf.open(proof_c04) as pdf:
        del pdf.trailer["/Info"]
        pdf.save(stripped)
    assert "/Keywords" not in (PdfReader(stripped).metadata or {})
    assert _verify_with(sample, tmp_path / "c", "print", stripped)


def test_private_folder_inside_a_published_one_is_refused(sample):
    config = sample.config.replace(private_dir="site/private")
    state = type(sample)(config, sample.project, sample.findings, sample.plan)
    with pytest.raises(HefteError) as caught:
        writer_proof(state, "c-04")
    assert "site/" in caught.value.message("nb")
    assert not (config.root / "site").exists()


def test_cli_proof_and_samtykke_write_under_private(sample):
    root = str(sample.config.root)
    result = CliRunner().invoke(main, ["samtykke", "--writer", "c-02", "--root", root])
    assert result.exit_code == 0, result.output
    assert "record-consent --writer c-02" in result.output
    assert list((sample.config.root / "private" / "samtykke").glob("S-C-02-*.pdf"))
    result = CliRunner().invoke(main, ["proof", "--writer", "c-02", "--root", root, "--lang", "en"])
    assert result.exit_code == 0 and (sample.config.root / "private" / "korrektur" / "c-02.pdf").is_file()
    result = CliRunner().invoke(main, ["samtykke", "--writer", "c-99", "--root", root])
    assert result.exit_code == 1 and "c-99" in result.output
