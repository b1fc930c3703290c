"""Detectors of personal data in Norwegian text, for `hefte check` (sources) and `hefte verify` (built HTML/PDF text).

Pure functions. Offsets refer to the string as passed in, even in decomposed Unicode or with soft hyphens."""

import datetime
import hashlib
import re
from dataclasses import dataclass
from typing import Iterable


from . import normalise


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int
    end: int
    text: str
    detail: str = ""
    part: str = ""
    """For names: ``name`` (full name), ``surname`` or ``first`` (a first or middle name, or a short surname)."""

    @property
    def fingerprint(self) -> str:
        # Only kind and matched text, so an editor's "this one is fine" survives edits elsewhere in the file.
        return hashlib.sha1(f"{self.kind}\0{_normalise(self.kind, self.text)}".encode()).hexdigest()[:12]


def _normalise(kind: str, text: str) -> str:
    if kind in ("fnr", "fnr-like"):
        return re.sub(r"\D", "", text)
    if kind == "phone":  # "+47 400 00 000", "0047 40000000" and "400 00 000" are one number to a reader
        return re.sub(r"^(?:0047|47)(?=\d{8}$)", "", re.sub(r"\D", "", text))
    return " ".join(normalise.fold(text).split())


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, max(0, offset)) + 1


def _fold(text: str) -> str:
    """Lower-case copy with the same offsets (str.lower lengthens e.g. "İ"); "_" is markdown emphasis, not a letter."""
    low = text.lower()
    low = low if len(low) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.replace("_", " ")


# --- fødselsnummer / D-nummer -----------------------------------------------------------------------------------
# 6 + 5 digits, at most one separator. The look-arounds keep out longer digit runs (also grouped with . , - /) and
# international numbers ("+12025550123": 11 digits, date-shaped). They sit after the first digit so that `re`
# can skip ahead to digits (7x faster on prose than a leading lookbehind).
_FNR = re.compile(r"\d(?<![\d+]\d)(?<!\d[.,\-/]\d)\d{5}[ \u00a0\u202f-]?\d{5}(?!\d)(?![.,\-/]\d)")
# The groupings people write by hand: DD.MM.ÅÅ NNN NN, DD MM ÅÅ NNNNN, DDMMÅÅ NNN NN. A valid number in these
# shapes is reported (never "fnr-like": grouped 11-digit runs that fail the checksum are other numbers).
_SEP = r"[ \t\n\u00a0\u202f.\-/]"
_FNR_GROUPED = re.compile(
    rf"\d(?<![\d+]\d)(?<!\d{_SEP}\d)(?:\d{{5}}|\d(?P<s>{_SEP})\d\d(?P=s)\d\d){_SEP}?(?:\d{{5}}|\d{{3}}{_SEP}\d\d)"
    rf"(?!\d)(?!{_SEP}\d)")


def _plausible_date(six: str) -> str | None:
    """Which kind of number a ddmmyy prefix could start: D-number day +40, H-number month +40."""
    day, month, yy = int(six[:2]), int(six[2:4]), int(six[4:])
    kind = "D-nummer" if day > 40 else "H-nummer" if month > 40 else "fødselsnummer"
    day, month = day - 40 * (day > 40), month - 40 * (month > 40)
    for century in (1900, 2000):  # 29.02.00 exists in 2000 only
        try:
            datetime.date(century + yy, month, day)
            return kind
        except ValueError:
            pass
    return None


def _valid_fnr(digits: str) -> bool:
    # Imported here, like phonenumbers below: 12 ms on every build, and a build whose texts check read before
    # looks for no number.
    from stdnum.no import fodselsnummer

    return fodselsnummer.is_valid(digits)


def _national_ids(text: str) -> list[Hit]:
    hits = []
    for m in _FNR.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        kind = _plausible_date(digits[:6])
        if kind and _valid_fnr(digits):
            hits.append(Hit("fnr", m.start(), m.end(), m.group(), kind))
        elif kind:  # bad checksum or impossible century: most likely a typo of a real number, so still a warning
            hits.append(Hit("fnr-like", m.start(), m.end(), m.group(), kind))
    taken = {i for h in hits for i in range(h.start, h.end)}
    for m in _FNR_GROUPED.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        kind = _plausible_date(digits[:6])
        if kind and m.start() not in taken and _valid_fnr(digits):
            hits.append(Hit("fnr", m.start(), m.end(), m.group(), kind))
    return sorted(hits, key=lambda h: h.start)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def find_national_ids(text: str, cleaned: str | None = None) -> list[Hit]:
    """Fødselsnumre and D-numbers, also behind entities, fullwidth digits or format characters between groups
    (found in normalise.clean's reading, reported at their place in ``text``). ``cleaned``: that reading, when
    the caller has it already."""
    hits = _national_ids(text)
    cleaned = normalise.clean(text) if cleaned is None else cleaned
    if cleaned == text:
        return hits
    found = {_digits(h.text) for h in hits}
    for hit in _national_ids(cleaned):
        number = _digits(hit.text)
        if hit.kind == "fnr" and number not in found:
            found.add(number)
            start, end = normalise.span(text, lambda t, n=number: n in _digits(normalise.clean(t)))
            hits.append(Hit("fnr", start, end, text[start:end], hit.detail))
    return sorted(hits, key=lambda h: h.start)


# --- telefonnummer ----------------------------------------------------------------------------------------------
# PhoneNumberMatcher is slow (~1 s/MB) and silently gives up after max_tries on long texts, so it only sees short
# windows around digit runs with enough digits to be a phone number.
_PHONE_CANDIDATE = re.compile(r"\(?\+?\d[\d \u00a0\u202f().\-/]{6,20}\d")
_MONEY_BEFORE = re.compile(r"(?:\bkr\.?|\bNOK|\bkroner|€|\$|\bEUR|\bUSD)\s*$", re.I)
_MONEY_AFTER = re.compile(r"\s*(?:kr\b|kroner|NOK|,-|mill|milliard|euro|dollar|€|\$)", re.I)
_PHONE_CUE = re.compile(r"(?:tlf|telefon|mobil|mob|ring|sms|nummer|nr)\.?:?\s*(?:\w+\s+){0,2}$", re.I)
_ISBN_BEFORE = re.compile(r"ISBN[\s:-]*[\d-]*$", re.I)
_THOUSANDS = re.compile(r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+")
_TYPE_NAMES = {"MOBILE": "mobil", "FIXED_LINE": "fasttelefon", "VOIP": "IP-telefon"}
_NOT_PERSONAL = {"TOLL_FREE", "PREMIUM_RATE", "SHARED_COST"}
"""Numbers of businesses and public services (800-numbers and the like), not of a person."""


def _not_a_phone(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 30):start]
    if _MONEY_BEFORE.search(before[-12:]) or _MONEY_AFTER.match(text, end) or _ISBN_BEFORE.search(before):
        return True
    # "45 000 000" is how amounts are grouped; nobody writes a phone number 2-3-3 unless they say it is one.
    return bool(_THOUSANDS.fullmatch(text[start:end]) and not _PHONE_CUE.search(before))


def find_phone_numbers(text: str) -> list[Hit]:
    # Imported here: its metadata takes 25 ms to load, and a build whose texts check read before and whose files
    # verify found clean before looks for no phone number (guard/scan_memo.py).
    import phonenumbers

    types = {getattr(phonenumbers.PhoneNumberType, name): name for name in (*_TYPE_NAMES, *_NOT_PERSONAL)}
    in_fnr = {i for h in find_national_ids(text) for i in range(h.start, h.end)}
    hits, seen = [], set()
    for cand in _PHONE_CANDIDATE.finditer(text):
        if not 8 <= sum(c.isdigit() for c in cand.group()) <= 24:
            continue
        # Context on each side: the matcher looks at neighbouring characters to reject e.g. "abc12345678".
        lo, hi = max(0, cand.start() - 6), min(len(text), cand.end() + 2)
        for m in phonenumbers.PhoneNumberMatcher(text[lo:hi], "NO", leniency=phonenumbers.Leniency.VALID):
            start, end = lo + m.start, lo + m.end
            start += len(m.raw_string) - len(m.raw_string.lstrip())  # the matcher may keep a leading space
            if (start, end) in seen or in_fnr.intersection(range(start, end)) or _not_a_phone(text, start, end):
                continue
            seen.add((start, end))
            ntype = types.get(phonenumbers.number_type(m.number))
            if ntype in _NOT_PERSONAL:
                continue
            detail = f"+{m.number.country_code} {_TYPE_NAMES.get(ntype, 'telefon')}"
            hits.append(Hit("phone", start, end, text[start:end], detail))
    return sorted(hits, key=lambda h: h.start)


# --- e-post -----------------------------------------------------------------------------------------------------
_AT = r"(?:@|\s?[\[(]\s?(?:at|a|krøllalfa)\s?[\])]\s?|\s(?:krøllalfa|alfakrøll|snabel-a)\s)"
_DOT = r"(?:\.|\s?[\[(]\s?(?:dot|punkt|punktum)\s?[\])]\s?|\s(?:dot|punkt|punktum)\s)"
_AT_HINT = re.compile(r"[\[(] ?(?:at|a|krøllalfa) ?[\])]|krøllalfa|alfakrøll|snabel-a")
_EMAIL = re.compile(rf"(?<![\w.+%-])[\w.+%-]{{1,64}}{_AT}(?:[\w-]{{1,63}}{_DOT}){{1,6}}[^\W\d_]{{2,24}}(?![\w-])",
                    re.I)


def find_emails(text: str) -> list[Hit]:
    if "@" not in text and not _AT_HINT.search(text.lower()):
        return []  # the full pattern costs 0.1 s/MB, and nearly every text lacks an at-sign
    # Written-out forms ("kari (at) eksempel.no") are deliberate: say so, the writer believed them hidden.
    return [Hit("email", m.start(), m.end(), m.group(),
                "e-postadresse" if "@" in m.group() else "omskrevet e-postadresse") for m in _EMAIL.finditer(text)]


# --- adresser ---------------------------------------------------------------------------------------------------
_UP = "A-ZÆØÅÉÜÄÖ"
_LOW = "a-zæøåéèüäöáóô"
_SUFFIX = (r"(?:gata|gaten|gate|veien|vegen|vei|veg|plassen|plass|allé|alle|alléen|bakken|bakke|stien|sti|svingen"
           r"|løkka|løkken|tunet|haugen|torget|terrassen|terrasse|kroken|lia|åsen|brekka|brekke|jordet|ringen"
           r"|lunden|myra|myren|grenda|brygge|bryggen|kaia|kaien|stubben|berget|promenaden|tråkket|dalen|sletta)")
_QUALIFIER = r"(?:(?:Nedre|Øvre|Søndre|Nordre|Store|Lille|Gamle|Nye|Vestre|Østre)\s+)?"
_HOUSE = r"\d{1,3}(?:[a-zA-Z]|\s[A-Z])?(?!\w)(?!\s?[-–]?\s?åring)"


def _postcode(group: str) -> str:
    return rf"(?:,?[ \t]+(?P<{group}>\d{{4}})[ \t]+[{_UP}][{_UP}{_LOW}-]+(?:[ \t][{_UP}][{_LOW}-]+)?)?"


# One word ("Storgata", "Øvre Slottsgate") or capitalised words before a lowercase type word ("Thorvald Meyers
# gate"), then a house number. Two letters before the suffix keep out "Veien 5" and "Gate 12" (airports); the
# capital and the number keep out "på vei hjem" and "i veien".
_STREET = re.compile(
    rf"(?<!\w)(?:{_QUALIFIER}[{_UP}][{_LOW}]+?{_SUFFIX}"
    rf"|(?:[{_UP}][{_LOW}.'-]+\s+){{1,3}}(?:gate|gata|vei|veien|veg|vegen|allé|alle|plass|terrasse|bakke|sti))"
    rf"[ \t]+{_HOUSE}{_postcode('pc')}|(?<!\w)Postboks\s+\d{{1,5}}{_postcode('pb')}")
# A bare "2815 Gjøvik" only after a comma; the stop words keep out ", 2019 Da vi …".
_BARE_POSTCODE = re.compile(rf",[ \t]*(?P<pc>\d{{4}})[ \t]+(?P<place>[{_UP}][{_UP}{_LOW}-]+)")
_NOT_PLACES = set("Jeg Vi Du Dere Han Hun Hen De Det Den Da Og Men Så Som Når Etter Før Der Her Nå Hva Kr".split())


def find_addresses(text: str) -> list[Hit]:
    hits = [Hit("address", m.start(), m.end(), m.group(), "postnummer" if m["pc"] or m["pb"] else "gateadresse")
            for m in _STREET.finditer(text)]
    taken = {i for h in hits for i in range(h.start, h.end)}
    for m in _BARE_POSTCODE.finditer(text):
        if m["place"] not in _NOT_PLACES and m.start("pc") not in taken:
            hits.append(Hit("address", m.start("pc"), m.end(), m.group()[m.start("pc") - m.start():], "postnummer"))
    return sorted(hits, key=lambda h: h.start)


# --- navn fra registeret og sperrelista: names.py ------------------------------------------------------------


def find_names(text: str, names: Iterable[str], *, parts: bool = False) -> list[Hit]:
    """Register and deny-list names in ``text`` (names.find_names; imported late: names.py builds on Hit)."""
    from .names import find_names as found

    return found(text, names, parts=parts)


# --- indirekte identifikatorer ----------------------------------------------------------------------------------
# Places below county level that narrow a writer down. Oslo, Bergen and Trondheim are left out on purpose (too
# big to narrow anything); their neighbourhoods are in.
_PLACES = """Grünerløkka Furuset Groruddalen Stovner Holmlia Tøyen Sagene Majorstuen Romsås Mortensrud Haugerud
Lambertseter Bøler Ammerud Vestli Lillestrøm Jessheim Drammen Moss Sarpsborg Fredrikstad Halden Askim Mysen
Hamar Gjøvik Lillehammer Elverum Kongsvinger Hønefoss Kongsberg Notodden Rjukan Tønsberg Sandefjord Larvik
Skien Porsgrunn Kragerø Arendal Grimstad Kristiansand Mandal Flekkefjord Egersund Bryne Sandnes Stavanger
Haugesund Stord Odda Voss Førde Florø Loddefjord Åsane Fyllingsdalen Laksevåg Ålesund Molde Kristiansund
Byåsen Saupstad Heimdal Kolstad Stjørdal Levanger Steinkjer Namsos Mosjøen Bodø Fauske Narvik Svolvær
Sortland Harstad Finnsnes Tromsø Alta Hammerfest Vadsø Kirkenes Kautokeino Karasjok Røros Oppdal Otta""".split()
_MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
_YEAR = r"(?:19|20)\d{2}"
_NUMWORD = r"(?:\d{1,2}|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv)"
_BORN = re.compile(rf"født\s+(?:den\s+)?(?:\d{{1,2}}\.\s*(?:{_MONTHS})\s+)?(?:i\s+)?{_YEAR}\b")


def _capitalised_too(words: str) -> str:
    return "|".join(w for x in words.split("|") for w in (x, x[0].upper() + x[1:]))


_PRONOUN = r"(?: (?:jeg|han|hun|hen|vi|de|du|dere))?"  # inverted word order: "jobbet jeg på Rema"
_AGE_VERB = "|".join(rf"(?<=\b{v} \d)" for v in "er var ble blir snart fylte fyller".split())
# (category, pattern, runs on the lower-cased copy). `re` skips ahead fast only when every branch starts with a
# literal or a digit (case-insensitive or \b-led patterns are 3-10x slower), so patterns are case-sensitive, split
# by shape, and the word boundary before a match is checked in code.
_CATEGORIES: list[tuple[str, re.Pattern, bool]] = [
    ("sted", re.compile(rf"(?:{'|'.join(_PLACES)})\b"), False),
    ("sted", re.compile(rf"(?:{_capitalised_too('bor|bodde|vokste opp|oppvokst|flyttet|flytta|kommer|kom')})"
                        rf"{_PRONOUN} (?:i|på|til|fra) [{_UP}][{_LOW}]+|på [{_UP}][{_LOW}]+-(?:senteret|skolen)\b"),
     False),
    ("alder", re.compile(rf"\d(?:{_AGE_VERB})\d{{0,2}}\s+år\b(?!\s+(?:siden|senere|etter|til|før|igjen|på))"
                         r"|\d(?:(?<=fylte \d)|(?<=fyller \d)|(?<=rundet \d))\d\b"
                         r"|\d{1,3}\s?-?\s?åring(?:en|er|ene)?\b|\d{2}-årsdag"), True),
    ("alder", _BORN, True),
    ("diagnose", re.compile(r"(?:ADHD|ADD|PTSD|OCD|MS|ME|CFS)\b"), False),
    ("diagnose", re.compile(
        r"(?:bipolar|schizofren|depresjon(?:en|er|ene)?\b|deprimert|angst(?:en\b|lidelse|anfall|\b)|posttraumatisk"
        r"|kreft(?:en\b|syk|behandling|diagnose|svulst|\b)|diabetes|epilepsi|autis(?:me|men|t|ten|tisk)\b|asperger"
        r"|fibromyalgi|anoreksi|bulimi|spiseforstyrr|psykose|psykotisk|personlighetsforstyrr|borderline"
        r"|tvangslidelse|alkoholi(?:sme|ker)|narkoman|parkinson|hjerneslag|leddgikt|uføre?trygd"
        r"|rus(?:en\b|misbruk|avhengig|problem|behandling|middel|midler|omsorg|institusjon|\b))"), True),
    ("arbeidsgiver", re.compile(
        rf"(?:{_capitalised_too('jobbet|jobber|jobba|jobb|arbeidet|arbeider|sjefen min|sjefen')}){_PRONOUN}"
        rf"\s+(?:på|i|hos|ved)\s+[{_UP}][\w-]*"
        rf"|(?:{_capitalised_too('ansatt|ansettelse|fast stilling|vikariat')})\s+(?:i|på|hos|ved)\s+\w+"), False),
    ("familie", re.compile(
        rf"(?:eks(?:mannen|mann|kona|kone|samboer\w*|en|kjæresten)|samboer(?:en|n)|barnefar(?:en)?|barnemor(?:en)?"
        rf"|tvillingene|svigermor|svigerfar|fosterbarn\w*|(?:sønnen|sønn|datteren|dattera|datter|mannen|kona"
        rf"|kjæresten|barna|ungene|guttene|jentene)\s+(?:min|mi|mitt|mine)|min\s+(?:sønn|datter|mann|kone|samboer"
        rf"|eks\w*)|mine\s+(?:{_NUMWORD}\s+)?(?:barn|sønner|døtre|unger|barnebarn))\b"), True),
    ("hendelse", re.compile(rf"\d{{1,2}}\.\s*(?:{_MONTHS})\s+{_YEAR}\b|\d{{1,2}}\.\d{{1,2}}\.{_YEAR}\b"), True),
    ("hendelse", re.compile(rf"(?:{_MONTHS}|sommeren|våren|høsten|vinteren|julen|påsken)\s+{_YEAR}\b"), True),
]
_ORDER = list(dict.fromkeys(c for c, _, _ in _CATEGORIES))


def _word_start(text: str, i: int) -> bool:
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")


def find_indirect_identifiers(text: str) -> Hit | None:
    low = _fold(text)
    born = [m.span() for m in _BORN.finditer(low) if _word_start(low, m.start())]
    found: dict[str, tuple[int, int]] = {}
    for category, pattern, lower in _CATEGORIES:
        source = low if lower else text
        for m in pattern.finditer(source):
            # "født 14. mars 1981" is an age, not also a dated event: one fact must not count twice.
            twice = category == "hendelse" and any(s <= m.start() < e for s, e in born)
            if _word_start(source, m.start()) and not twice:
                found[category] = min(found.get(category, m.span()), m.span())
                break
    if len(found) < 3:
        return None
    start, end = min(found.values())
    return Hit("indirect", start, end, text[start:end], ", ".join(c for c in _ORDER if c in found))


# --- alt sammen -------------------------------------------------------------------------------------------------
_PRIORITY = {"fnr": 0, "fnr-like": 1, "phone": 2, "address": 3, "email": 4, "name": 5}


def scan(text: str, names: Iterable[str] = ()) -> list[Hit]:
    hits = find_national_ids(text) + find_phone_numbers(text) + find_addresses(text) + find_emails(text)
    hits += find_names(text, names)
    kept: list[Hit] = []
    taken = bytearray(len(text))  # overlap test in O(span), not against every kept hit
    for hit in sorted(hits, key=lambda h: (_PRIORITY[h.kind], h.start, h.start - h.end)):
        if not any(taken[hit.start:hit.end]):
            kept.append(hit)
            taken[hit.start:hit.end] = b"\1" * (hit.end - hit.start)
    return sorted(kept, key=lambda h: (h.start, h.end))


MESSAGES: dict[str, tuple[str, str]] = {
    "pii.fnr": (
        "Teksten inneholder det som ser ut som et {detail} («{text}»). Fjern det før publisering.",
        "The text contains what looks like a Norwegian ID number, {detail} («{text}»). Remove it before publishing."),
    "pii.fnr-like": (
        "Teksten har et tall på 11 siffer som ligner et {detail} («{text}»), men som ikke er gyldig. Det kan være "
        "et feilskrevet nummer. Fjern det, eller skriv det om hvis det er noe annet.",
        "The text has an 11-digit number shaped like a Norwegian ID number, {detail} («{text}»), but not a valid "
        "one. It may be a mistyped number. Remove it, or rewrite it if it is something else."),
    "pii.phone": (
        "Teksten inneholder et telefonnummer, {detail} («{text}»). Fjern det, eller bytt det ut med «xxx xx xxx».",
        "The text contains a phone number, {detail} («{text}»). Remove it, or replace it with «xxx xx xxx»."),
    "pii.email": ("Teksten inneholder en {detail} («{text}»). Fjern den før publisering.",
                  "The text contains an e-mail address («{text}»). Remove it before publishing."),
    "pii.address": (
        "Teksten inneholder det som ser ut som en adresse («{text}»). Fjern husnummer og postnummer, eller bytt "
        "til et oppdiktet sted.",
        "The text contains what looks like an address («{text}»). Remove the house number and postcode, or change "
        "it to a made-up place."),
    "pii.name": (
        "Teksten nevner «{text}» (fra «{detail}»), som står i det private registeret eller på listen over navn "
        "som ikke skal publiseres. Bytt det ut med et oppdiktet navn, eller fjern det.",
        "The text mentions «{text}» (from «{detail}»), which is in the private register or on the list of names "
        "that must not be published. Replace it with a made-up name, or remove it."),
    "pii.photo-shows-writer": (
        "Bildet «{text}» kan vise skribenten, som skriver under pseudonym: et ansikt avslører et pseudonym like "
        "sikkert som et navn, så bildet holdes tilbake. Skriv `shows_writer: false` hvis skribenten ikke kan "
        "kjennes igjen, eller godta funnet i acknowledgements.yml hvis skribenten har sagt ja til å vises.",
        "The photo «{text}» may show the writer, who uses a pseudonym: a face undoes a pseudonym as surely as a "
        "name, so the photo is held back. Write `shows_writer: false` if the writer cannot be recognised, or "
        "acknowledge the finding in acknowledgements.yml if the writer agreed to be shown."),
    "pii.first-name": (
        "Teksten nevner «{text}», fornavnet til «{detail}» fra det private registeret, som ikke publiserer under "
        "fullt navn. På et lite kurs kan et fornavn peke ut skribenten. Bytt det ut, eller godta funnet i "
        "acknowledgements.yml hvis det er en annen person: uten godkjenning stopper kontrollen etter bygging.",
        "The text mentions «{text}», the first name of «{detail}» from the private register, who does not publish "
        "under their full name. In a small course a first name can identify the writer. Replace it, or acknowledge "
        "the finding in acknowledgements.yml if it is someone else: without that, verify stops the build."),
    "pii.name-in-field": (
        "Feltet «{key}» nevner «{text}», som står i det private registeret eller på listen over navn som ikke "
        "skal publiseres. Bytt navnet ut eller fjern det.",
        "The field «{key}» mentions «{text}», which is in the private register or on the list of names that must "
        "not be published. Replace or remove the name."),
    "pii.indirect": (
        "Teksten kombinerer flere opplysninger som sammen kan peke ut skribenten ({detail}). Vurder å gjøre noen "
        "av dem mindre presise, for eksempel «i førtiårene» i stedet for en nøyaktig alder.",
        "The text combines several details that together could identify the writer ({detail}). Consider making "
        "some of them less precise, for example «in my forties» instead of an exact age."),
}
