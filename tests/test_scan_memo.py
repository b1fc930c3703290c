"""The check's readings of words kept between runs (guard/scan_memo.py): the same findings as reading afresh, and
never a reading of other words or of other code."""

from __future__ import annotations

import ast
import json
import stat
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from conftest import REPO, copy_sample, make_project, participant
from hefte.config import load_config
from hefte.guard import scan_memo
from hefte.guard.check import check_project
from hefte.guard.plan import make_plan
from hefte.intake.load import load_project
from hefte.pipeline import prepare
from test_pii import FNR

# Something for every kept scan to find: a fødselsnummer, a phone number, an address, an e-mail address, three
# details that together point at the writer, a word with mojibake, a lost æøå word and a hyphen left at a line end.
FOUND = (
    f"Nummeret mitt er {FNR}, og mobilen er 912 34 567.\n\n"
    "Skriv til kari.test@example.no eller kom til Storgata 12, 0155 Oslo.\n\n"
    "Jeg er 43 år, bor på Furuset og har hatt ADHD hele livet.\n\n"
    "Det var fÃ¸r jul, og vi matte ga hjem for vi var sa slitne.\n\n"
    "Hun gikk hjem etter et lang-\nt møte.\n"
)
REGISTER = {"contributors": {"c-01": {"names": ["Kari Testesen"]}}, "deny": ["Ola Sperret"]}


def findings_of(root: Path, memo: scan_memo.ScanMemo | None) -> list[tuple]:
    config = load_config(root)
    project = load_project(config)
    found = check_project(project, config, make_plan(project, config.today), memo)
    return sorted((f.code, str(f.path), f.line, f.severity.value, json.dumps(f.params, sort_keys=True, default=str))
                  for f in found)


def project_with_findings(root: Path) -> Path:
    return make_project(root, {
        "funn.md": participant("Funn", FOUND),
        "utkast.md": participant("Utkast", "Ring meg på 912 34 567, sa Kari Testesen.\n",
                                 **{"review.status": "draft"}),
        "ren.md": participant("Ren"),
    }, register=REGISTER)


def test_kept_readings_give_the_findings_of_a_fresh_reading(tmp_path, monkeypatch):
    root = project_with_findings(tmp_path)
    fresh = findings_of(root, None)
    codes = {code for code, *_ in fresh}
    # the project exercises every kept scan, hits and no hits alike
    assert {"pii.fnr", "pii.phone", "pii.email", "pii.address", "pii.indirect", "text.mojibake"} <= codes
    first = scan_memo.ScanMemo(root)
    assert findings_of(root, first) == fresh
    first.save()
    kept = scan_memo.ScanMemo(root)
    calls = _count_scans(monkeypatch)
    assert findings_of(root, kept) == fresh
    assert calls == [], "words that did not change were read again"


def test_the_sample_gives_the_same_findings_from_kept_readings(tmp_path):
    root = copy_sample(tmp_path)
    fresh = findings_of(root, None)
    memo = scan_memo.ScanMemo(root)
    findings_of(root, memo)
    memo.save()
    assert findings_of(root, scan_memo.ScanMemo(root)) == fresh


def test_changed_words_are_read_again(tmp_path):
    root = make_project(tmp_path, {"a.md": participant("Brev", "Ring meg på 912 34 567 i kveld.\n")})
    assert "pii.phone" in {f.code for f in prepare(root).findings}
    text = root / "texts/testhefte/a.md"
    text.write_text(text.read_text("utf-8").replace("912 34 567", "telefonen"), "utf-8")
    assert "pii.phone" not in {f.code for f in prepare(root).findings}
    text.write_text(text.read_text("utf-8").replace("telefonen", FNR), "utf-8")
    errors = prepare(root).findings.errors
    assert [f.code for f in errors] == ["pii.fnr"]


def test_a_moved_body_gets_its_own_lines(tmp_path):
    """The line a body starts on is part of the key (damage.find_damage gives file lines): a longer front matter
    moves every finding's line."""
    body = "Første linje.\n\nRing meg på 912 34 567.\n\nDet var fÃ¸r jul.\n"
    root = make_project(tmp_path, {"a.md": participant("Brev", body)})
    text = root / "texts/testhefte/a.md"

    def lines() -> dict[str, str]:
        found = {f.code: f.line for f in prepare(root).findings if f.code in ("pii.phone", "text.mojibake")}
        return {code: text.read_text("utf-8").split("\n")[line - 1] for code, line in found.items()}

    assert lines() == {"pii.phone": "Ring meg på 912 34 567.", "text.mojibake": "Det var fÃ¸r jul."}
    text.write_text(text.read_text("utf-8").replace("---\n", "---\n# en merknad\n", 1), "utf-8")
    assert lines() == {"pii.phone": "Ring meg på 912 34 567.", "text.mojibake": "Det var fÃ¸r jul."}


def test_readings_of_other_code_are_not_used(tmp_path, monkeypatch):
    root = project_with_findings(tmp_path)
    memo = scan_memo.ScanMemo(root)
    findings_of(root, memo)
    memo.save()
    monkeypatch.setattr(scan_memo, "code_key", lambda: "another hefte or phonenumbers")
    other = scan_memo.ScanMemo(root)
    calls = _count_scans(monkeypatch)
    findings_of(root, other)
    assert len(calls) == 3 * 3, "kept readings of other code were used"  # three texts, three scans each
    stored = json.loads(scan_memo.ScanMemo(root).path.read_text("utf-8"))
    assert stored["code"] != "another hefte or phonenumbers"  # not saved: ``other`` was not


@pytest.mark.parametrize("damage", [
    b"{not json",
    b'{"code": null, "readings": []}',
    "wrong fields",
])
def test_a_damaged_file_means_reading_again(tmp_path, damage):
    root = project_with_findings(tmp_path)
    fresh = findings_of(root, None)
    memo = scan_memo.ScanMemo(root)
    findings_of(root, memo)
    memo.save()
    if damage == "wrong fields":  # this code's mark, but readings no scan of it makes
        stored = json.loads(memo.path.read_text("utf-8"))
        stored["readings"] = {k: {"hits": [{"kind": "fnr", "oops": 1}]} for k in stored["readings"]}
        damage = json.dumps(stored).encode()
    memo.path.write_bytes(damage)
    again = scan_memo.ScanMemo(root)
    assert findings_of(root, again) == fresh
    again.save()
    assert findings_of(root, scan_memo.ScanMemo(root)) == fresh


def test_no_register_name_is_kept(tmp_path):
    root = project_with_findings(tmp_path)
    result = prepare(root)
    assert "pii.name" in {f.code for f in result.findings}  # the draft names Kari Testesen: found, every run
    kept = scan_memo.ScanMemo(root).path.read_text("utf-8")
    assert "Testesen" not in kept and "Sperret" not in kept


def test_check_keeps_its_readings_out_of_git(tmp_path):
    root = make_project(tmp_path, {"a.md": participant("Brev")})
    assert not (root / ".hefte").exists()
    prepare(root)
    assert (root / ".hefte" / "cache" / scan_memo.FILE).is_file()
    assert (root / ".hefte" / ".gitignore").read_text().strip().endswith("*")


def test_the_state_folder_is_the_editors_alone(tmp_path):
    """Its cache holds what the check read in the texts (here a phone number) and every text as laid out: other
    accounts on the machine may not read it. A folder an older hefte made 0755 is made private too."""
    root = make_project(tmp_path, {"a.md": participant("Brev", "Ring meg på 912 34 567.\n")})
    prepare(root)
    assert "912 34 567" in (root / ".hefte" / "cache" / scan_memo.FILE).read_text("utf-8")
    assert stat.S_IMODE((root / ".hefte").stat().st_mode) == 0o700
    (root / ".hefte").chmod(0o755)
    text = next((root / "texts").rglob("a.md"))
    text.write_text(text.read_text("utf-8").replace("Ring meg", "Ring oss"), "utf-8")  # new words: kept again
    prepare(root)
    assert stat.S_IMODE((root / ".hefte").stat().st_mode) == 0o700


def test_a_project_where_nothing_can_be_kept_is_still_checked(tmp_path):
    root = make_project(tmp_path, {"a.md": participant("Brev", "Ring meg på 912 34 567.\n")})
    (root / ".hefte").write_text("")  # a file where the state folder would be: nothing can be written there
    assert "pii.phone" in {f.code for f in prepare(root).findings}
    assert "pii.phone" in {f.code for f in prepare(root).findings}


def test_the_library_list_holds_every_library_the_scans_import():
    """A kept reading is keyed on the versions of LIBRARIES: a scanner importing a library not listed there could
    give other hits after an upgrade while its old readings were still used."""
    package = REPO / "scripts" / "hefte"
    scanners = {package / "guard" / "pii.py", package / "intake" / "damage.py"}
    seen: set[Path] = set()
    third_party: set[str] = set()
    while scanners:
        path = scanners.pop()
        if path in seen:
            continue
        seen.add(path)
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:  # within hefte: follow it
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
                module = base.joinpath(*(node.module or "").split(".")) if node.module else base
                names = [module.with_suffix(".py")] if module.with_suffix(".py").is_file() else [
                    module / f"{alias.name}.py" for alias in node.names]
                scanners |= {p for p in names if p.is_file()}
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                top = (node.names[0].name if isinstance(node, ast.Import) else node.module).split(".")[0]
                if top not in sys.stdlib_module_names and top != "hefte":
                    third_party.add(top)
    assert seen >= {package / "guard" / "normalise.py", package / "guard" / "names.py",
                    package / "intake" / "hygiene.py"}
    distributions = {d for top in third_party for d in packages_distributions()[top]}
    assert distributions and distributions <= set(scan_memo.LIBRARIES), distributions - set(scan_memo.LIBRARIES)


def _count_scans(monkeypatch) -> list[str]:
    """From now on, the names of the scans run (rather than found kept)."""
    calls: list[str] = []

    def counted(name, function):
        def scan(*args):
            calls.append(name)
            return function(*args)
        return scan

    monkeypatch.setattr(scan_memo, "_SCANS", {name: (counted(name, function), hit_type)
                                              for name, (function, hit_type) in scan_memo._SCANS.items()})
    return calls


def test_words_that_utf8_cannot_hold_are_kept_too(tmp_path):
    """A lone surrogate cannot be written as UTF-8: the kept file is ASCII, so it neither fails nor is lost."""
    body = "Ring meg på 912 34 567 \ud800 i kveld.\n"
    memo = scan_memo.ScanMemo(tmp_path)
    first = memo.read("pii.scan", body)
    memo.save()
    again = scan_memo.ScanMemo(tmp_path)
    assert again.read("pii.scan", body) == first and [h.kind for h in first] == ["phone"]
