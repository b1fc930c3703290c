"""Documents as participants hand them in, made at test time: Word (python-docx) and LibreOffice (odfpy) files
with æøå, italics and a poem typed the way people type poems (Enter after each line, an empty line between
stanzas), a cp1252 text file from Windows, a phone photo, a renamed program."""

from __future__ import annotations

import io

POEM_TITLE = "Vinter på Øvre Åsen"
POEM_LINES = [["Snøen faller stille", "over tak og trær og små hus"], ["jeg går alene hjem", "mot lyset i vinduet"]]
ITALIC = "alene"
PROSE_TITLE = "Kaffe på trappa"


def docx_poem() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(POEM_TITLE, level=1)
    for number, stanza in enumerate(POEM_LINES):
        if number:
            document.add_paragraph("")  # the empty line between stanzas
        for line in stanza:
            if ITALIC in line:
                before, after = line.split(ITALIC)
                paragraph = document.add_paragraph(before)
                paragraph.add_run(ITALIC).italic = True
                paragraph.add_run(after)
            else:
                document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_prose() -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.text import H, LineBreak, P, Span

    document = OpenDocumentText()
    italic = Style(name="Kursiv", family="text")
    italic.addElement(TextProperties(fontstyle="italic"))
    document.automaticstyles.addElement(italic)
    document.text.addElement(H(outlinelevel=1, text=PROSE_TITLE))
    first = P(text="Jeg drikker den første koppen stående på trappa, før ungene våkner. Det er ")
    first.addElement(Span(stylename=italic, text="min"))
    first.addText(" tid.")
    document.text.addElement(first)
    second = P(text="Kaffen er svart og sterk,")
    second.addElement(LineBreak())
    second.addText("og måkene skriker over bryggene i Ålesund.")
    document.text.addElement(second)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def windows_text() -> bytes:
    return "Høstdag\r\n\r\nBladene på bakken er gule og røde.\r\nJeg går sakte.\r\n".encode("cp1252")


def program() -> bytes:
    """The start of a Windows program, as if «oppgave.exe» were renamed to «oppgave.docx»."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)


def phone_photo(width: int = 1600, height: int = 1100) -> bytes:
    """A JPEG with what phones write into it: the owner's name and a GPS position."""
    from PIL import ExifTags, Image

    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Kari Fjellheim Testesen"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (110, 130, 90)).save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


# --- a real studio server and a real browser -------------------------------------------------------------

TOKEN = "kurskode-i-testen-4711"
PASSPHRASE = "redaksjonens-passord"


class Studio:
    """hefte studio on waitress in a thread, as `hefte studio --lan` runs it, on a free port of 127.0.0.1."""

    def __init__(self, root, *, lan: bool = True):
        import threading

        from hefte.config import load_config
        from hefte.studio.access import Gate
        from hefte.studio.app import create_app

        self.root = root
        self.gate = Gate(lan=lan, token=TOKEN if lan else None, passphrase=PASSPHRASE if lan else None)
        self.app = create_app(load_config(root), self.gate)
        from hefte.studio.server import make_server

        self.server = make_server(self.app, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    @property
    def join(self) -> str:
        return f"{self.url}/?k={TOKEN}" if self.gate.lan else f"{self.url}/"

    def close(self):
        # Closed from the server's own loop (the trigger runs the function there): closing its sockets from this
        # thread raced the select() it was waiting in, and pytest reported the server thread's EBADF.
        from waitress import wasyncore

        self.server.trigger.pull_trigger(lambda: wasyncore.close_all(self.server._map))
        self.thread.join(timeout=5)
        self.server.task_dispatcher.shutdown()


def upload_start(port: int, size: int, cookie: str = "") -> tuple[str, str]:
    """As a browser starts an upload to the text form: the headers, saying ``size`` bytes follow, and none of
    them. Returns the answer's head and page (the server answered without reading the body, or the socket's
    timeout says it waited for it)."""
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        connection.sendall((f"POST /skriv HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n"
                            "Content-Type: multipart/form-data; boundary=grense\r\n"
                            f"Content-Length: {size}\r\n\r\n").encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, page = answer.decode("utf-8", "replace").partition("\r\n\r\n")
    return head, page


def press(page, label: str) -> None:
    """Click a button that submits a form, and wait for the page it leads to (not the one it leaves)."""
    with page.expect_navigation():
        page.get_by_role("button", name=label).first.click()


def axe_violations(page, axe_js: str) -> list[str]:
    page.add_script_tag(content=axe_js)
    result = page.evaluate("async () => await axe.run(document, {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})")
    assert result["passes"], f"axe checked nothing on {page.url}"
    return [f"{page.url}: {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]


def axe_source() -> str:
    from pathlib import Path

    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")
