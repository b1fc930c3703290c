"""Every message hefte shows, in plain Norwegian bokmål (default) and English (``--lang en``).

A message says what is wrong, what was expected and what arrived, and what to do next. Modules with
their own vocabulary (hygiene, pii, images) keep a MESSAGES dict next to their code; it is merged here.
"""

from __future__ import annotations

import string

CATALOGUE: dict[str, tuple[str, str]] = {
    # front matter (frontmatter.py)
    "frontmatter.missing": (
        "Fila mangler innledningen (front matter). Første linje må være `---`, så feltene (title, consent …), så en ny `---`. Kjør `hefte new` for en mal.",
        "The file has no front matter. The first line must be `---`, then the fields (title, consent …), then another `---`. Run `hefte new` for a template.",
    ),
    "frontmatter.unclosed": (
        "Innledningen (front matter) er ikke avsluttet. Legg til en linje med bare `---` etter det siste feltet.",
        "The front matter is not closed. Add a line containing only `---` after the last field.",
    ),
    "frontmatter.too-large": (
        "Innledningen (front matter) er over {limit} kB. Sjekk at den avsluttende `---` er på plass.",
        "The front matter is over {limit} kB. Check that the closing `---` is in place.",
    ),
    "frontmatter.tab": (
        "Linja er rykket inn med tabulator. YAML tillater bare mellomrom: bytt tabulatoren med to mellomrom.",
        "The line is indented with a tab. YAML allows only spaces: replace the tab with two spaces.",
    ),
    "frontmatter.syntax": (
        "Innledningen kan ikke leses: {problem}. Sjekk kolon, innrykk og anførselstegn på denne linja og linjene over.",
        "The front matter cannot be read ({problem}). Check colons, indentation and quotes on this line and the one above.",
    ),
    "frontmatter.alias": (
        "YAML-alias (`*navn`) er ikke tillatt i innledningen. Skriv verdien ut i stedet.",
        "YAML aliases (`*name`) are not allowed in the front matter. Write the value out instead.",
    ),
    "frontmatter.tag": (
        "YAML-merkelappen {tag} er ikke tillatt. Bruk vanlig tekst, tall, true/false eller datoer.",
        "The YAML tag {tag} is not allowed. Use plain text, numbers, true/false or dates.",
    ),
    "frontmatter.not-mapping": (
        "Innledningen må være en liste med felt (`navn: verdi`), ikke en enkelt verdi eller liste.",
        "The front matter must be a set of fields (`key: value`), not a single value or a list.",
    ),
    "frontmatter.bad-key": ("Feltnavnet må være vanlig tekst.", "The key must be plain text."),
    "frontmatter.too-deep": ("Innledningen er nøstet for dypt.", "The front matter is nested too deeply."),
    "frontmatter.duplicate-key": (
        "Feltet «{key}» står to ganger (først på linje {first}). Slett det ene, så det ikke er tvil om hva som gjelder.",
        "The key «{key}» appears twice (first on line {first}). Delete one so there is no doubt which applies.",
    ),
    # schema (schema.py)
    "schema.unknown-key": (
        "Ukjent felt «{key}». Tillatte felt her: {allowed}.",
        "Unknown key «{key}». Allowed keys here: {allowed}.",
    ),
    "schema.unknown-key-hint": (
        "Ukjent felt «{key}». Mente du «{hint}»?",
        "Unknown key «{key}». Did you mean «{hint}»?",
    ),
    "schema.missing": ("Feltet «{key}» mangler. Fyll det ut.", "The key «{key}» is missing. Fill it in."),
    "schema.type": (
        "«{key}» skal være {expected}, men er «{got}».",
        "«{key}» should be {expected}, but is «{got}».",
    ),
    "schema.bool-word": (
        "«{key}» må være true eller false, men er «{got}». Skriv `{fix}`.",
        "«{key}» must be true or false, but is «{got}». Write `{fix}`.",
    ),
    "schema.date": (
        "«{key}» skal være en dato skrevet år-måned-dag, for eksempel 2026-03-02, men er «{got}».",
        "«{key}» should be a date written year-month-day, e.g. 2026-03-02, but is «{got}».",
    ),
    "schema.date-norwegian": (
        "«{key}» er skrevet «{got}». Skriv datoen som år-måned-dag: {fix}.",
        "«{key}» is written «{got}». Write the date as year-month-day: {fix}.",
    ),
    "schema.choice": (
        "«{key}» må være en av: {allowed}, men er «{got}».",
        "«{key}» must be one of: {allowed}, but is «{got}».",
    ),
    "schema.choice-hint": (
        "«{key}» må være en av: {allowed}, men er «{got}». Mente du «{hint}»?",
        "«{key}» must be one of: {allowed}, but is «{got}». Did you mean «{hint}»?",
    ),
    # load.py
    "load.no-texts": ("Fant ikke mappa med tekster.", "The texts folder was not found."),
    "load.unreadable": ("Fila kan ikke leses: {problem}.", "The file cannot be read: {problem}."),
    "load.bad-folder-name": (
        "Mappenavnet «{name}» blir en del av nettadressen: bruk små bokstaver a–z, tall og bindestrek.",
        "The folder name «{name}» becomes part of the web address: use lowercase a–z, digits and hyphens.",
    ),
    "load.text-outside": (
        "«{file}» peker ut av publikasjonsmappa. Legg teksten i mappa og skriv bare filnavnet.",
        "«{file}» points outside the publication folder. Put the text in the folder and give only its file name.",
    ),
    "load.text-link": (
        "«{file}» er en snarvei til en fil utenfor publikasjonsmappa, og blir ikke lest. Legg selve teksten i "
        "mappa i stedet for snarveien, eller slett snarveien.",
        "«{file}» is a shortcut to a file outside the publication folder, and is not read. Put the text itself in "
        "the folder instead of the shortcut, or delete the shortcut.",
    ),
    "load.text-not-md": (
        "«{file}» er ikke en .md-fil. Tekstene står i .md-filer: skriv filnavnet med .md på slutten.",
        "«{file}» is not a .md file. Texts are .md files: write the file name with .md at the end.",
    ),
    "load.text-not-md-hint": (
        "«{file}» mangler .md på slutten. Skriv «{hint}».",
        "«{file}» lacks .md at the end. Write «{hint}».",
    ),
    "load.text-missing-hint": (
        "«{file}» står i lista over tekster, men fila finnes ikke i {folder}/. Mente du «{hint}»?",
        "«{file}» is listed in texts, but there is no such file in {folder}/. Did you mean «{hint}»?",
    ),
    "load.text-missing": (
        "«{file}» står i lista over tekster, men fila finnes ikke i {folder}/. Sjekk stavemåten, eller fjern linja.",
        "«{file}» is listed in texts, but there is no such file in {folder}/. Check the spelling, or remove the line.",
    ),
    "load.text-twice": (
        "«{file}» står to ganger i lista over tekster (først på linje {first}).",
        "«{file}» is listed twice in texts (first on line {first}).",
    ),
    "load.text-unlisted": (
        "«{file}» står ikke i rekkefølgen ennå (`texts:` i {publication}), og blir ikke publisert. Den er sjekket likevel; funnene står under. Legg den til i lista når den skal med.",
        "«{file}» is not in the order yet (`texts:` in {publication}) and will not be published. It was checked all the same; its findings are listed. Add it to the list when it is to be included.",
    ),
    "load.no-texts-in-publication": ("Publikasjonen har ingen tekster.", "The publication has no texts."),
    # register
    "register.shape": (
        "Registeret må ha formen `contributors: {{c-01: {{names: [..], contact: .., form: ..}}}}`.",
        "The register must look like `contributors: {{c-01: {{names: [..], contact: .., form: ..}}}}`.",
    ),
    "register.no-name": (
        "Bidragsyter {id} har ingen navn i registeret, så lekkasjesjekken kan ikke lete etter navnet.",
        "Contributor {id} has no name in the register, so the leak check cannot look for it.",
    ),
    "register.in-git": (
        "Det private registeret ({file}) er lagt inn i git. Det inneholder ekte navn og skal aldri deles: kjør `git rm --cached {file}` og sjekk at det står i .gitignore.",
        "The private register ({file}) is committed to git. It holds real names and must never be shared: run `git rm --cached {file}` and make sure it is in .gitignore.",
    ),
    # consent logic (check.py)
    "consent.byline-missing": (
        "`byline` mangler: skriv named, first-name, pseudonym eller anonymous. Teksten publiseres ikke før det er avklart.",
        "`byline` is missing: write named, first-name, pseudonym or anonymous. The text is not published until this is clear.",
    ),
    "consent.anonymous-with-name": (
        "Teksten er anonym, men har `display_name: {name}`. Fjern navnet (sett `display_name: null`) eller velg en annen byline.",
        "The text is anonymous but has `display_name: {name}`. Remove the name (`display_name: null`) or choose another byline.",
    ),
    "consent.name-missing": (
        "Med `byline: {byline}` må `display_name` fylles ut med navnet leserne skal se.",
        "With `byline: {byline}`, `display_name` must hold the name readers will see.",
    ),
    "consent.first-name-has-space": (
        "`byline: first-name`, men «{name}» ser ut som mer enn et fornavn. Skriv bare fornavnet.",
        "`byline: first-name`, but «{name}» looks like more than a first name. Write only the first name.",
    ),
    "consent.contributor-missing": (
        "`contributor` mangler: skriv id-en fra registeret (for eksempel c-07), aldri navnet.",
        "`contributor` is missing: write the id from the register (e.g. c-07), never the name.",
    ),
    "consent.contributor-is-name": (
        "`contributor: {got}` ser ut som et navn. Skriv id-en fra det private registeret (for eksempel c-07).",
        "`contributor: {got}` looks like a name. Write the id from the private register (e.g. c-07).",
    ),
    "consent.contributor-unknown": (
        "Bidragsyter {id} finnes ikke i det private registeret. Legg personen inn der, så lekkasjesjekken kan lete etter navnet.",
        "Contributor {id} is not in the private register. Add them there so the leak check can look for their name.",
    ),
    "consent.approved-without-date": (
        "Teksten er godkjent, men `consent.given` (datoen samtykket ble signert) mangler. Fyll inn datoen fra skjemaet, eller sett `review.status: submitted`.",
        "The text is approved but `consent.given` (the date consent was signed) is missing. Fill in the date from the form, or set `review.status: submitted`.",
    ),
    "consent.approved-unstated": (
        "Teksten er godkjent, men «{key}» er ikke fylt ut. Skriv true eller false slik det står på skjemaet.",
        "The text is approved but «{key}» is not filled in. Write true or false as on the signed form.",
    ),
    "consent.no-form": (
        "`consent.form` mangler: skriv referansen til det signerte skjemaet, så samtykket kan dokumenteres.",
        "`consent.form` is missing: write the reference to the signed form so the consent can be documented.",
    ),
    "consent.given-in-future": (
        "Samtykkedatoen {date} er fram i tid. Sjekk datoen.",
        "The consent date {date} is in the future. Check the date.",
    ),
    "consent.withdrawn-before-given": (
        "Datoen i `withdrawn` er før samtykket ble gitt. Sjekk datoene (teksten publiseres uansett ikke).",
        "The `withdrawn` date is before consent was given. Check the dates (the text is not published either way).",
    ),
    "consent.editorial-no-name": (
        "Redaksjonelle tekster trenger `display_name` med forfatterens navn.",
        "Editorial texts need `display_name` with the author's name.",
    ),
    "review.missing": (
        "`review.status` mangler, så teksten regnes som ikke godkjent.",
        "`review.status` is missing, so the text counts as not approved.",
    ),
    "review.approved-incomplete": (
        "Godkjent uten `review.by` og `review.date`: skriv hvem som godkjente og når.",
        "Approved without `review.by` and `review.date`: write who approved it and when.",
    ),
    # photos
    "photo.no-alt": (
        "«{key}» mangler: skriv en kort beskrivelse av bildet for lesere som ikke ser det.",
        "«{key}» is missing: write a short description of the image for readers who cannot see it.",
    ),
    "photo.no-credit": (
        "«{key}» mangler: skriv hvem som tok bildet (eller null hvis det ikke skal krediteres).",
        "«{key}» is missing: write who took the photo (or null if it should not be credited).",
    ),
    "photo.shows-writer-unset": (
        "Teksten er anonym: sett «{key}» til true eller false. Inntil da blir bildet ikke publisert.",
        "The text is anonymous: set «{key}» to true or false. Until then the photo is not published.",
    ),
    # the body: raw HTML, links and images
    "html.raw": (
        "Teksten inneholder HTML-kode ({tag}…). Den blir fjernet ved publisering; skriv vanlig tekst i stedet.",
        "The text contains HTML code ({tag}…). It is removed when published; write plain text instead.",
    ),
    "body.too-deep": (
        "Teksten har {depth} lag inni hverandre her (sitat i sitat, liste i liste eller HTML-kode), flere enn de "
        "{limit} som kan settes opp. Fjern noen av >-tegnene, innrykkene eller HTML-koden.",
        "The text nests {depth} levels deep here (quote in quote, list in list or HTML code), more than the {limit} "
        "that can be laid out. Remove some of the > signs, the indentation or the HTML code.",
    ),
    "body.brackets": (
        "Avsnittet som begynner her, har så mange hakeparenteser «[» uten «]» at det ikke kan settes opp. Fjern dem, "
        "eller skriv \\[ for hver hakeparentes som skal stå i teksten.",
        "The paragraph starting here has so many brackets «[» without «]» that it cannot be laid out. Remove them, "
        "or write \\[ for each bracket that belongs in the text.",
    ),
    "link.script": (
        "Lenken «{url}» prøver å kjøre kode, og er ikke tillatt. Fjern den.",
        "The link «{url}» tries to run code and is not allowed. Remove it.",
    ),
    "link.outside": (
        "«{url}» peker ut av publikasjonsmappa (eller til en fil på maskinen). Bare filer i publikasjonsmappa kan brukes.",
        "«{url}» points outside the publication folder (or to a file on this machine). Only files in the publication folder can be used.",
    ),
    "link.remote-image": (
        "Bildet «{url}» ligger på en annen nettside. hefte henter aldri noe utenfra: last ned bildet, legg det i bilder/ og før det opp under photos: med samtykke.",
        "The image «{url}» is on another website. hefte never fetches anything from outside: download it, put it in bilder/ and list it under photos: with its consent.",
    ),
    "image.inline": (
        "Bildet «{url}» står inne i teksten og blir ikke publisert. Før bilder opp under photos: i innledningen, med eget samtykke.",
        "The image «{url}» is inside the text and will not be published. List images under photos: in the front matter, with their own consent.",
    ),
    # quotes
    "quote.unclosed": (
        "Sitatblokken `::: sitat` er ikke avsluttet. Legg til en linje med bare `:::` etter sitatet.",
        "The `::: sitat` block is not closed. Add a line with only `:::` after the quote.",
    ),
    "quote.unknown-source": (
        "Sitatet viser til «{ref}», men den teksten finnes ikke. Skriv tekst-id-en (filnavnet uten .md), eventuelt `publikasjon/id`.",
        "The quote refers to «{ref}», but no such text exists. Write the text id (file name without .md), or `publication/id`.",
    ),
    "quote.self": ("Teksten siterer seg selv.", "The text quotes itself."),
    "quote.not-in-source": (
        "Sitatet fra «{ref}» finnes ikke ordrett i kilden: «{words}». Kopier ordene fra teksten, og marker kutt med (…).",
        "The quote from «{ref}» is not verbatim in the source: «{words}». Copy the words from the text and mark cuts with (…).",
    ),
    # policy reasons (policy.Reason values) and their summary lines
    "policy.held-back": (
        "holdes tilbake fra {medium}: {reasons}.",
        "held back from {medium}: {reasons}.",
    ),
    "policy.photo-held-back": (
        "bildet {file} holdes tilbake fra {medium}: {reasons}.",
        "photo {file} held back from {medium}: {reasons}.",
    ),
    "policy.withdrawn": ("samtykket ble trukket {date}", "consent withdrawn on {date}"),
    "policy.not-approved": ("ikke godkjent av redaksjonen", "not approved by the editors"),
    "policy.no-consent-date": ("samtykkedato mangler", "no consent date"),
    "policy.consent-not-stated": ("samtykke ikke oppgitt", "consent not stated"),
    "policy.consent-no": ("skribenten har sagt nei", "the writer said no"),
    "policy.embargo": ("embargo til {date} (publish_after)", "embargoed until {date} (publish_after)"),
    "policy.consent-in-future": ("samtykkedatoen {date} er fram i tid", "consent date {date} is in the future"),
    "policy.byline-unclear": ("uklart hvordan skribenten skal navngis", "unclear how the writer is to be named"),
    "policy.no-contributor": ("ingen bidragsyter-id", "no contributor id"),
    "policy.text-held-back": ("teksten holdes tilbake", "the text is held back"),
    "policy.photo-anonymous-writer": ("skribenten er anonym og bildet kan vise skribenten", "the writer is anonymous and the photo may show them"),
    "policy.photo-pseudonym-writer": ("skribenten skriver under pseudonym og bildet kan vise skribenten",
                                      "the writer uses a pseudonym and the photo may show them"),
    "policy.photo-consent-not-stated": ("samtykke for bildet ikke oppgitt", "photo consent not stated"),
    "policy.photo-consent-no": ("nei til bildet", "no consent for the photo"),
    "policy.no-cover": ("publikasjonen har ikke noe omslagsbilde (cover.image)",
                        "the publication has no cover image (cover.image)"),
    # the same reasons said to the writer herself (the studio's preview and receipt; hefte new keeps the above)
    "writer.policy.consent-no": ("du har sagt nei", "you said no"),
    "writer.policy.photo-consent-no": ("du har sagt nei til bildet", "you said no to the photo"),
    "writer.policy.photo-anonymous-writer": ("du skriver uten navn, og bildet kan vise deg",
                                             "you write without a name, and the photo may show you"),
    "writer.policy.photo-pseudonym-writer": ("du skriver under et annet navn, og bildet kan vise deg",
                                             "you write under another name, and the photo may show you"),
    "medium.web": ("nett", "web"),
    "medium.print": ("trykk", "print"),
    # config and build
    "config.toml": ("pyproject.toml kan ikke leses: {problem}", "pyproject.toml cannot be read: {problem}"),
    "config.unknown-key": (
        "Ukjent innstilling «{key}» i [tool.hefte]. Mente du «{hint}»? Tillatt: {allowed}.",
        "Unknown setting «{key}» in [tool.hefte]. Did you mean «{hint}»? Allowed: {allowed}.",
    ),
    "config.type": ("[tool.hefte] {key} skal være {expected}, men er {got}.", "[tool.hefte] {key} should be {expected}, but is {got}."),
    "config.today": ("HEFTE_TODAY må være en dato som 2026-03-02, men er «{got}».", "HEFTE_TODAY must be a date like 2026-03-02, but is «{got}»."),
    "build.check-failed": (
        "Sjekken fant {count} feil. Ingenting er publisert, og forrige utgave er uendret. Rett feilene over og prøv igjen.",
        "The check found {count} {count:error|errors}. Nothing was published and the previous output is unchanged. Fix the errors above and try again.",
    ),
    "build.verify-failed": (
        "Kontrollen etter bygging fant {count} {count:lekkasje|lekkasjer}. Ingenting er publisert, og forrige utgave "
        "er uendret.",
        "The post-build verification found {count} {count:leak|leaks}. Nothing was published and the previous output is unchanged.",
    ),
    "build.mkdocs-failed": ("MkDocs feilet: {problem}", "MkDocs failed: {problem}"),
    "check.failed": (
        "{count} feil må rettes før noe kan publiseres.",
        "{count} {count:error|errors} must be fixed before anything can be published.",
    ),
    "summary.counts": (
        "{web} av {total} tekster på nett, {print} i trykk, {screen} i skjerm-PDF-en (den ligger på nett, så der må teksten ha ja til både nett og trykk).",
        "{web} of {total} texts on the web, {print} in print, {screen} in the screen PDF (it is on the web, so a text there needs yes to both web and print).",
    ),
    "build.offline": (
        "Uten nett: {folder} (åpne fra disk eller minnepinne), og det samme som zip-fil: {zip}",
        "Without internet: {folder} (open from disk or a USB stick), and the same as a zip file: {zip}"),
    "build.site": (
        "Nettsida: {folder}/ – legg mappa på en webserver. Åpnet fra disken virker ikke lenkene og søket: se sida med "
        "`hefte serve`, eller bygg med `hefte build --offline` for en kopi som kan åpnes fra disken.",
        "Website: {folder}/ – put the folder on a web server. Opened from disk its links and search do not work: look "
        "at it with `hefte serve`, or build with `hefte build --offline` for a copy that opens from disk."),
    "build.done": ("Ferdig. Alt er sjekket og kontrollert for lekkasjer.", "Done. Everything was checked and verified for leaks."),
    "build.no-plugin": (
        "mkdocs.yml mangler `- hefte` under `plugins:`. Uten den kan ikke samtykkereglene følges.",
        "mkdocs.yml lacks `- hefte` under `plugins:`. Without it the consent policy cannot be enforced.",
    ),
    "verify.ok": ("Kontrollert {files} filer: ingen lekkasjer funnet.", "Verified {files} files: no leaks found."),
    "new.done": (
        "Ny tekst: {file}. Skriv teksten under den siste `---`. Redaktøren legger den til under `texts:` i publication.yml når den skal med, og kjører `hefte check`.",
        "New text: {file}. Write the text below the last `---`. The editor adds it under `texts:` in publication.yml when it is to be included, and runs `hefte check`.",
    ),
    "fix.done": ("{file}: lagret som UTF-8 ({applied}). Originalen ligger i {backup}.", "{file}: saved as UTF-8 ({applied}). The original is in {backup}."),
    "fix.clean": ("{file}: ingenting å rette.", "{file}: nothing to fix."),
    "cli.bug": (
        "Noe uventet gikk galt i hefte ({problem}). Ingenting er publisert, og forrige utgave er uendret. Kjør igjen med HEFTE_DEBUG=1 og send utskriften til den som drifter hefte.",
        "Something unexpected went wrong in hefte ({problem}). Nothing was published and the previous output is unchanged. Run again with HEFTE_DEBUG=1 and send the output to whoever maintains hefte.",
    ),
    "finding.id": ("funn-id {finding}: kan godtas i acknowledgements.yml", "finding id {finding}: can be acknowledged in acknowledgements.yml"),
    "severity.error": ("feil", "error"),
    "severity.warning": ("advarsel", "warning"),
    "severity.info": ("info", "info"),
}

_LOADED_EXTRA = False
MODULES_WITH_MESSAGES = ("intake.hygiene", "guard.pii", "render.images", "intake.fix", "guard.verify", "render.pdf",
                         "render.project_files", "intake.scaffold", "guard.acknowledge", "config", "cli", "pipeline",
                         "serve", "newproject", "environment", "mkdocs_plugin", "desk.edit", "desk.actions",
                         "desk.private", "desk.status", "desk.table", "desk.cli", "desk.marks", "desk.writer",
                         "desk.form", "intake.load", "folders", "publish", "intake.damage", "guard.structure",
                         "render.citations", "intake.submit", "intake.enrol", "studio.uploads", "studio.server",
                         "guard.heldback", "intake.register")
"""Modules (under hefte.) that keep a MESSAGES dict beside their code; a new one is added here."""


def _load_module_messages() -> None:
    """Merge the MESSAGES dicts that modules keep beside their own code."""
    global _LOADED_EXTRA
    if _LOADED_EXTRA:
        return
    _LOADED_EXTRA = True
    import importlib

    for name in MODULES_WITH_MESSAGES:
        try:
            module = importlib.import_module(f"hefte.{name}")
        except ImportError:
            continue
        for code, pair in getattr(module, "MESSAGES", {}).items():
            CATALOGUE.setdefault(code, pair)


class _Words(string.Formatter):
    """``{count:tekst|tekster}``: the word for one, or for any other number (bokmål and English alike), so a
    message says «1 tekst er» and «3 tekster er» from one template, not «tekst(er)»."""

    def format_field(self, value, format_spec: str):
        if "|" in format_spec and isinstance(value, int):
            one, other = format_spec.split("|", 1)
            return one if value == 1 else other
        return super().format_field(value, format_spec)


class _Lenient(dict):
    def __missing__(self, key):
        return "{" + key + "}"


# Detectors describe what they found in Norwegian ("D-nummer", "sted, alder"); English messages translate it.
_DETAIL_EN = {
    "fødselsnummer": "national identity number", "D-nummer": "D number", "H-nummer": "H number",
    "mobil": "mobile", "fasttelefon": "landline", "omskrevet e-postadresse": "spelled-out e-mail address",
    "e-postadresse": "e-mail address", "gateadresse": "street address", "postnummer": "postcode",
    "sted": "place", "alder": "age", "diagnose": "diagnosis", "arbeidsgiver": "employer", "familie": "family",
    "hendelse": "dated event",
}


# PyYAML says what it could not read in its own English; an editor reading Norwegian gets what to do instead.
# The first phrase found in the problem wins (the tab before the general «cannot start»); unknown ones stay as
# PyYAML said them, which is still better than nothing.
_YAML_PROBLEM_NB = (
    ("expected '<document start>'", "en linje over denne mangler kolon: hvert felt skrives `felt: verdi`"),
    ("could not find expected ':'", "linja mangler kolon: hvert felt skrives `felt: verdi`"),
    ("mapping values are not allowed here",
     "et kolon står der det ikke kan stå. Er linja rykket lenger inn enn linja over? Eller har verdien et kolon "
     "i seg? Da må hele verdien stå i anførselstegn: `title: \"Morgen: kaffe\"`"),
    ("expected <block end>", "innrykket stemmer ikke: felt som hører sammen, må stå like langt inn"),
    ("expected ',' or ']'", "en liste som begynner med [, er ikke lukket med ]"),
    ("expected ',' or '}'", "en { er ikke lukket med }"),
    ("found unexpected end of stream", "et anførselstegn er ikke lukket"),
    ("found character '\\t'", "en tabulator etter verdien: bytt den med et mellomrom"),
    ("that cannot start any token", "et tegn som ikke kan stå først i en verdi: sett verdien i anførselstegn"),
)


def _yaml_problem_nb(problem: str) -> str:
    return next((nb for en, nb in _YAML_PROBLEM_NB if en in problem), problem)


def _detail_en(detail: str) -> str:
    for nb, en in _DETAIL_EN.items():
        detail = detail.replace(nb, en)
    return detail


def _known(code: str) -> bool:
    """Whether ``code`` is in the catalogue. The modules' own messages are merged on the first code not found in
    messages.py's (a module's never replaces one of these): importing all those modules took 0.06 s, and a build
    often says only messages of this file."""
    if code not in CATALOGUE:
        _load_module_messages()
    return code in CATALOGUE


def render(code: str, lang: str = "nb", /, **params) -> str:
    if not _known(code):
        return f"{code} {params}" if params else code
    pair = CATALOGUE[code]
    template = pair[1] if lang == "en" else pair[0]
    if "reasons" in params and isinstance(params["reasons"], (list, tuple)):
        params = dict(params, reasons=", ".join(render_reason(r, lang) for r in params["reasons"]))
    if lang == "en" and isinstance(params.get("detail"), str):
        params = dict(params, detail=_detail_en(params["detail"]))
    if lang != "en" and code == "frontmatter.syntax" and isinstance(params.get("problem"), str):
        params = dict(params, problem=_yaml_problem_nb(params["problem"]))
    if "medium" in params and _known(f"medium.{params['medium']}"):
        params = dict(params, medium=render(f"medium.{params['medium']}", lang))
    return _Words().vformat(template, (), _Lenient(params))


def render_reason(reason: str, lang: str = "nb", *, to_writer: bool = False) -> str:
    """A policy reason code, optionally with its date: ``policy.embargo|2031-06-01``. ``to_writer`` says it to
    the writer herself where the editors' words would speak of her («du har sagt nei», not «skribenten har …»)."""
    code, _, when = reason.partition("|")
    if to_writer and _known(f"writer.{code}"):
        code = f"writer.{code}"
    if not when:
        return render(code, lang).replace(" {date}", "")
    from datetime import date

    from .dates import long_date

    shown = long_date(date.fromisoformat(when)) if lang != "en" else when
    return render(code, lang, date=shown)


def severity_label(name: str, lang: str = "nb") -> str:
    return render(f"severity.{name}", lang)
