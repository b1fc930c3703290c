"""Images from participants: refuse what is unsafe, publish only the pixels.

Phone photos carry GPS positions, camera serial numbers and owner names. ``clean_copy`` re-encodes
the pixels into a new file so none of that survives; ``find_metadata`` lets the verifier prove it.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from ..files import write_atomically
from ..errors import HefteError

MAX_PIXELS = 60_000_000
MAX_FILE_BYTES = 30_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
# Only these decoders ever see participants' bytes. Not "MPO": Pillow opens it through the JPEG
# plugin, and a name it has not registered makes Image.open raise KeyError.
_PIL_FORMATS = tuple(sorted(ALLOWED_FORMATS))

# (nb, en). Plain words for course participants: what is wrong, then what to do.
MESSAGES: dict[str, tuple[str, str]] = {
    "image.missing": (
        "Finner ikke bildet {name}. Sjekk filnavnet (store og små bokstaver teller) og at bildet ligger i mappa.",
        "Cannot find the image {name}. Check the file name (upper and lower case matter) and that it is in the folder.",
    ),
    "image.outside": (
        "Bildet {name} ligger utenfor prosjektmappa (eller er en snarvei dit). Kopier bildet inn i mappa til teksten.",
        "The image {name} is outside the project folder (or is a shortcut to there). Copy it into the text's folder.",
    ),
    "image.format": (
        "Bildet {name} er i formatet {format}, som vi ikke tar imot (bare JPEG, PNG og WebP). Lagre bildet som JPEG "
        "eller PNG med «Lagre som» eller «Eksporter» i et bildeprogram, og prøv igjen.",
        "The image {name} is in {format} format, which we do not accept (only JPEG, PNG and WebP). Save it as JPEG "
        "or PNG with 'Save as' or 'Export' in an image program, and try again.",
    ),
    "image.too-large": (
        "Bildefila {name} er for stor ({size_mb} MB, grensen er {limit_mb} MB). Lagre bildet i mindre størrelse, "
        "for eksempel 3000 piksler bredt, og prøv igjen.",
        "The image file {name} is too large ({size_mb} MB, the limit is {limit_mb} MB). Save it at a smaller size, "
        "for example 3000 pixels wide, and try again.",
    ),
    "image.bomb": (
        "Bildet {name} er for stort ({megapixels} megapiksler, grensen er {limit_mp}). Lagre det i mindre størrelse, "
        "for eksempel 3000 piksler bredt, og prøv igjen.",
        "The image {name} is too large ({megapixels} megapixels, the limit is {limit_mp}). Save it at a smaller size, "
        "for example 3000 pixels wide, and try again.",
    ),
    "image.unreadable": (
        "Bildet {name} kan ikke leses; fila kan være skadet eller ufullstendig. Åpne det i et bildeprogram, "
        "lagre det på nytt som JPEG eller PNG, og prøv igjen.",
        "The image {name} cannot be read; the file may be damaged or incomplete. Open it in an image program, "
        "save it again as JPEG or PNG, and try again.",
    ),
}


def render(code: str, lang: str = "nb", **params) -> str:
    text = MESSAGES[code][1 if lang == "en" else 0]
    # an unknown detail shows as "?" rather than making the error message itself fail
    return re.sub(r"\{(\w+)\}", lambda m: str(params.get(m[1], "?")), text)


class ImageError(HefteError):
    """An image that cannot be published. ``code`` is a key in MESSAGES, ``params`` fill it."""

    def message(self, lang: str = "nb") -> str:
        return render(self.code, lang, **self.params)


@dataclass(frozen=True)
class ImageInfo:
    path: Path
    format: str
    width: int  # width and height as displayed, i.e. after EXIF orientation
    height: int
    has_metadata: bool
    metadata_kinds: tuple[str, ...]  # from METADATA_KINDS; ICC profiles describe colours, not people: never listed
    has_alpha: bool = False


METADATA_KINDS = ("EXIF", "GPS", "XMP", "IPTC", "comment", "text", "time", "thumbnail", "trailing", "unknown")


def inspect(path: Path, root: Path) -> ImageInfo:
    """Check an image referenced by a text; ``path`` is absolute or relative to ``root``."""
    path, name = Path(path), str(path)
    # resolve() follows every symlink, so a link inside root that points out is caught too
    real = (path if path.is_absolute() else Path(root) / path).resolve()
    if not real.is_relative_to(Path(root).resolve()):
        raise ImageError("image.outside", path, name=name)
    if not real.is_file():
        raise ImageError("image.missing" if not real.exists() else "image.unreadable", path, name=name)
    with _opened(real, name) as img:
        fmt, width, height, alpha = _describe(img)
        # Decode once so a truncated file is reported now, not halfway through the build;
        # for JPEG a 1/8-scale draft still reads every byte of the image data.
        if fmt == "JPEG":
            img.draft(img.mode, (img.width // 8 or 1, img.height // 8 or 1))
        img.load()
    kinds = tuple(find_metadata(real))
    return ImageInfo(real, fmt, width, height, bool(kinds), kinds, alpha)


def effective_dpi(
    width_px: int, height_px: int, printed_width_mm: float, printed_height_mm: float | None = None
) -> float:
    """Pixels per inch when printed at the given size; the lower axis counts if both are given."""
    if min(width_px, height_px, printed_width_mm, 1 if printed_height_mm is None else printed_height_mm) <= 0:
        raise ValueError("pixel counts and printed sizes must be positive")
    dpi = width_px * 25.4 / printed_width_mm
    return dpi if printed_height_mm is None else min(dpi, height_px * 25.4 / printed_height_mm)


@contextmanager
def _opened(path: Path, name: str):
    """Open lazily (header only), refusing what is too big before any pixel is decoded."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        limit_mb = f"{MAX_FILE_BYTES / 1e6:.0f}"
        raise ImageError("image.too-large", path, name=name, size_mb=f"{size / 1e6:.1f}", limit_mb=limit_mb)
    with _pillow_guard():
        try:
            with Image.open(path, formats=_PIL_FORMATS) as img:
                width, height = img.size
                if width * height > MAX_PIXELS:
                    raise _bomb(path, name, width * height)
                if width <= 0 or height <= 0:
                    raise ImageError("image.unreadable", path, name=name)
                yield img
        except ImageError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            found = re.search(r"\((\d+) pixels\)", str(exc))
            raise _bomb(path, name, int(found.group(1)) if found else None) from exc
        except UnidentifiedImageError as exc:
            other = _sniff_format(path)
            raise ImageError("image.format" if other else "image.unreadable", path, name=name, format=other) from exc
        except Exception as exc:  # decoders fail on hostile input in many ways; all mean "cannot read"
            raise ImageError("image.unreadable", path, name=name) from exc


@contextmanager
def _pillow_guard():
    """Strict decoding: bomb warnings become errors and a truncated file fails (WeasyPrint sets
    ImageFile.LOAD_TRUNCATED_IMAGES = True on import, for everyone). Corrupt-EXIF chatter is ours to judge."""
    truncated_ok, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            warnings.filterwarnings("ignore", "Corrupt EXIF data", UserWarning)
            yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated_ok


def _bomb(path: Path, name: str, pixels: int | None) -> ImageError:
    megapixels = f"{pixels / 1e6:.0f}" if pixels else "?"
    return ImageError("image.bomb", path, name=name, megapixels=megapixels, limit_mp=f"{MAX_PIXELS / 1e6:.0f}")


def _describe(img: Image.Image) -> tuple[str, int, int, bool]:
    fmt = "JPEG" if img.format == "MPO" else img.format  # a JPEG with preview images appended (many cameras)
    width, height = img.size
    if img.getexif().get(ExifTags.Base.Orientation) in (5, 6, 7, 8):
        width, height = height, width
    return fmt, width, height, "A" in img.getbands() or "transparency" in img.info


_MAGIC = {b"GIF8": "GIF", b"II*\x00": "TIFF", b"MM\x00*": "TIFF", b"BM": "BMP", b"8BPS": "PSD", b"%PDF": "PDF",
          b"\x00\x00\x00\x0cjP  ": "JPEG 2000", b"\x00\x00\x00\x0cJXL ": "JPEG XL", b"\xff\x0a": "JPEG XL",
          b"<?xml": "SVG", b"<svg": "SVG"}
_FTYP_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"hevc": "HEIC", b"mif1": "HEIF", b"msf1": "HEIF", b"avif": "AVIF"}
_SUFFIX_FORMATS = {".gif": "GIF", ".tif": "TIFF", ".tiff": "TIFF", ".heic": "HEIC", ".heif": "HEIF", ".svg": "SVG",
                   ".bmp": "BMP", ".psd": "PSD", ".avif": "AVIF", ".jxl": "JPEG XL", ".pdf": "PDF"}


def _sniff_format(path: Path) -> str | None:
    """Name a format we refuse, so the message can say what the file is instead of 'unreadable'."""
    with path.open("rb") as fh:
        head = fh.read(64)
    found = [fmt for magic, fmt in _MAGIC.items() if head.lstrip().startswith(magic)]
    if head[4:8] == b"ftyp" and head[8:12] in _FTYP_BRANDS:
        found.append(_FTYP_BRANDS[head[8:12]])
    return found[0] if found else _SUFFIX_FORMATS.get(path.suffix.lower())


_SUFFIXES = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",)}


def clean_copy(src: Path, dst: Path, *, max_width: int | None = None, quality: int = 85,
               keep_suffix: bool = False) -> ImageInfo:
    """Write only the pixels of ``src`` (which passed ``inspect``) to ``dst``; return what was written.

    WebP becomes PNG if it has alpha, else JPEG; a suffix not matching the output format is
    replaced, so use the returned ``path``. ``keep_suffix``: the name is already published (a web page links
    it), so a ``.jpg`` name gets JPEG, transparency laid on white.
    """
    if not 1 <= quality <= 95 or (max_width is not None and max_width < 1):
        raise ValueError(f"need 1 <= quality <= 95 and max_width >= 1, got {quality=} {max_width=}")
    src, dst = Path(src), Path(dst)
    with _opened(src, str(src)) as img:
        img.seek(0)  # animated WebP/PNG and MPO: the first frame is the picture
        fmt, _, _, alpha = _describe(img)
        out_fmt = "PNG" if fmt == "PNG" or (fmt == "WEBP" and alpha) else "JPEG"
        if keep_suffix:
            out_fmt = next((f for f, suffixes in _SUFFIXES.items() if dst.suffix.lower() in suffixes), out_fmt)
        pixels = _pixels_only(img, out_fmt, max_width)
    pixels.save(buf := io.BytesIO(), out_fmt, **({"quality": quality, "optimize": True} if out_fmt == "JPEG" else {}))
    data = buf.getvalue()
    if kinds := find_metadata(data):  # cannot happen with a fresh image; refuse rather than publish if Pillow changes
        raise RuntimeError(f"metadata {kinds} survived re-encoding {src}")
    if dst.suffix.lower() not in _SUFFIXES[out_fmt]:
        dst = dst.with_suffix(_SUFFIXES[out_fmt][0])
    write_atomically(dst, data)
    return ImageInfo(dst, out_fmt, *pixels.size, False, (), "A" in pixels.getbands())


def _pixels_only(img: Image.Image, out_fmt: str, max_width: int | None) -> Image.Image:
    icc = img.info.get("icc_profile")
    # Rotate before the EXIF (and its orientation tag) is dropped, or phone photos end up sideways.
    img = ImageOps.exif_transpose(img)
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        img = img.convert("I").point(lambda v: v / 257).convert("L")  # 16-bit grey; plain convert would clip
    elif img.mode == "1":
        img = img.convert("L")
    elif img.mode in ("P", "PA"):
        img = img.convert("RGBA" if img.mode == "PA" or "transparency" in img.info else "RGB")
    elif img.mode not in ("L", "LA", "RGB", "RGBA", "CMYK"):
        img = img.convert("RGBA" if "A" in img.getbands() else "RGB")
    img = _to_srgb(img, icc)
    if out_fmt == "JPEG" and img.mode in ("LA", "RGBA"):  # see-through parts on white, not on black
        img = Image.alpha_composite(Image.new("RGBA", img.size, "white"), img.convert("RGBA"))
    if out_fmt == "JPEG" and img.mode not in ("L", "RGB"):
        img = img.convert("L" if img.mode == "LA" else "RGB")
    if max_width and img.width > max_width:
        img = img.resize((max_width, max(1, round(img.height * max_width / img.width))), Image.Resampling.LANCZOS)
    # A brand-new image has an empty .info: Pillow's savers fall back to im.info for things like
    # "comment" and "icc_profile", so the decoded image must never reach save() itself.
    return Image.frombytes(img.mode, img.size, img.tobytes())


def _to_srgb(img: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert colour to sRGB so the (dropped) profile is not needed: web and print both assume sRGB."""
    if img.mode not in ("RGB", "RGBA", "CMYK"):
        return img
    base = img.convert("RGB") if img.mode == "RGBA" else img
    try:
        converted = ImageCms.profileToProfile(base, io.BytesIO(icc), ImageCms.createProfile("sRGB"), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):  # no profile, or one not worth refusing over
        converted = base.convert("RGB")
    if img.mode == "RGBA":
        converted.putalpha(img.getchannel("A"))
    return converted





def find_metadata(path_or_bytes: Path | str | bytes) -> list[str]:
    """Which kinds of metadata (see METADATA_KINDS) an image still carries; [] means clean.

    Three looks (container structure, Pillow, a plain byte scan) so one parser's blind spot hides nothing.
    """
    data = bytes(path_or_bytes) if isinstance(path_or_bytes, (bytes, bytearray)) else Path(path_or_bytes).read_bytes()
    kinds: set[str] = set()
    try:
        if data.startswith(b"\xff\xd8"):
            kinds |= _jpeg_kinds(data)
        elif data.startswith(b"\x89PNG\r\n\x1a\n") or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
            kinds |= _chunk_kinds(data, webp=data[:4] == b"RIFF")
        elif data[:6] in (b"GIF87a", b"GIF89a"):
            kinds |= _gif_kinds(data)
        elif data[:4] in (b"II*\x00", b"MM\x00*"):
            kinds.add("unknown")  # TIFF: its tags (artist, description, GPS) are the file itself; no look here is sure
    except (struct.error, IndexError, ValueError):
        kinds.add("unknown")  # a structure we cannot walk could hide anything
    kinds |= _pillow_kinds(data)
    kinds.update(kind for needle, kind in _NEEDLES if needle in data)
    return [kind for kind in METADATA_KINDS if kind in kinds]


_NEEDLES = ((b"Exif\x00\x00", "EXIF"), (b"http://ns.adobe.com/xap/1.0/", "XMP"), (b"Photoshop 3.0", "IPTC"))


def _exif_kinds(payload: bytes) -> set[str]:
    kinds, exif = {"EXIF"}, Image.Exif()
    try:
        with _pillow_guard():
            exif.load(payload)
            if ExifTags.IFD.GPSInfo in exif or exif.get_ifd(ExifTags.IFD.GPSInfo):
                kinds.add("GPS")
            if exif.get_ifd(ExifTags.IFD.IFD1):
                kinds.add("thumbnail")
    except Exception:  # malformed EXIF is still EXIF; the kind is already recorded
        pass
    return kinds


# (marker, payload prefix, kinds): the first match wins; an APPn segment matching nothing is "unknown".
# MPF indexes preview images appended after the main one; Adobe APP14 is only a colour transform flag.
_JPEG_SEGMENTS = (
    (0xE0, b"JFIF\x00", ()), (0xE0, b"JFXX\x00", ("thumbnail",)), (0xE1, b"http://ns.adobe.com/xap/1.0/\x00", ("XMP",)),
    (0xE1, b"http://ns.adobe.com/xmp/extension/\x00", ("XMP",)), (0xE2, b"ICC_PROFILE\x00", ()),
    (0xE2, b"MPF\x00", ("thumbnail",)), (0xEE, b"Adobe", ()), (0xED, b"", ("IPTC",)), (0xFE, b"", ("comment",)),
)


def _jpeg_kinds(data: bytes) -> set[str]:
    kinds: set[str] = set()
    pos = 2
    while 0 <= pos < len(data) - 1:  # find() gives -1 when no marker is left
        if data[pos] != 0xFF:
            pos = data.find(b"\xff", pos)  # skip entropy-coded data in one step
            continue
        marker = data[pos + 1]
        if marker in (0x00, 0xFF) or 0xD0 <= marker <= 0xD7:
            pos += 1  # stuffed byte, fill byte or restart marker
        elif marker in (0x01, 0xD8):  # markers without a length field
            pos += 2
        elif marker == 0xD9:  # end of image
            if data[pos + 2 :].strip(b"\x00"):
                kinds.add("trailing")  # e.g. a phone's appended video or maker data
            return kinds
        else:
            length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
            body = data[pos + 4 : pos + 2 + length]
            pos += 2 + length
            if marker == 0xE1 and body.startswith(b"Exif\x00\x00"):
                kinds |= _exif_kinds(body)
            elif 0xE0 <= marker <= 0xEF or marker == 0xFE:
                found = [k for m, prefix, k in _JPEG_SEGMENTS if m == marker and body.startswith(prefix)]
                kinds.update(found[0] if found else ("unknown",))
    return kinds


_HARMLESS_CHUNKS = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"pHYs", b"sBIT", b"bKGD",
    b"hIST", b"sPLT", b"cICP", b"mDCV", b"cLLI", b"acTL", b"fcTL", b"fdAT",  # PNG
    b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP",  # WebP
}
_TEXT_KEYWORDS = {b"XML:com.adobe.xmp": "XMP", b"Raw profile type exif": "EXIF", b"Raw profile type APP1": "EXIF",
                  b"Raw profile type iptc": "IPTC", b"Comment": "comment"}


def _chunk_kinds(data: bytes, webp: bool) -> set[str]:
    """PNG chunks (big-endian length first, CRC after) or WebP RIFF chunks (little-endian, padded to even)."""
    kinds: set[str] = set()
    pos = 12 if webp else 8
    while pos + 8 <= len(data):
        first, second = struct.unpack("<4sI" if webp else ">I4s", data[pos : pos + 8])
        ctype, length = (first, second) if webp else (second, first)
        body = data[pos + 8 : pos + 8 + length]
        pos += 8 + length + ((length & 1) if webp else 4)
        if ctype in (b"tEXt", b"zTXt", b"iTXt"):
            kinds |= {"text", _TEXT_KEYWORDS.get(body.split(b"\x00", 1)[0], "text")}
        elif ctype in (b"eXIf", b"EXIF"):
            kinds |= _exif_kinds(body)
        elif ctype in (b"XMP ", b"tIME"):
            kinds.add("XMP" if ctype == b"XMP " else "time")
        elif ctype == b"IEND":
            if data[pos:].strip(b"\x00"):
                kinds.add("trailing")
            break
        elif ctype not in _HARMLESS_CHUNKS:
            kinds.add("unknown")
    return kinds


def find_icon_metadata(data: bytes) -> list[str]:
    """An icon (favicon.ico) is a directory of images: a PNG among them may carry text chunks, EXIF or XMP like
    any photo. Bytes no entry claims, or a directory that does not add up, are "trailing" and "unknown"."""
    found = _icon_images(data)
    if found is None:
        return ["unknown"]
    images, claimed = found
    kinds = set().union(*(find_metadata(image) for image in images if image.startswith(b"\x89PNG")))
    if claimed < len(data):
        kinds.add("trailing")
    return [kind for kind in METADATA_KINDS if kind in kinds]


def _icon_images(data: bytes) -> tuple[list[bytes], int] | None:
    """The images of an icon's directory and the bytes they and it claim; None: not a directory that adds up."""
    try:
        reserved, kind, count = struct.unpack("<HHH", data[:6])
        entries = [struct.unpack("<II", data[6 + 16 * k + 8: 6 + 16 * k + 16]) for k in range(count)]
    except struct.error:
        return None
    if reserved or kind not in (1, 2):
        return None
    images, claimed = [], 6 + 16 * count
    for size, offset in entries:
        image = data[offset: offset + size]
        if len(image) != size or offset < 6 + 16 * count:
            return None
        claimed += size
        images.append(image)
    return images, claimed


_GIF_APPLICATIONS = {b"NETSCAPE2.0": (), b"ANIMEXTS1.0": (), b"XMP DataXMP": ("XMP",)}


def _gif_kinds(data: bytes) -> set[str]:
    """GIF blocks: a comment or plain-text extension is text a viewer never shows; an application block other
    than the animation loop count is "unknown" (XMP is one)."""
    kinds: set[str] = set()
    flags = data[10]
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)  # after the global colour table
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:  # trailer
            if data[pos + 1 :].strip(b"\x00"):
                kinds.add("trailing")
            return kinds
        if block == 0x21:
            label, pos = data[pos + 1], pos + 2
            if label == 0xFE:
                kinds.add("comment")
            elif label == 0x01:
                kinds.add("text")
            elif label == 0xFF:
                kinds.update(_GIF_APPLICATIONS.get(data[pos + 1 : pos + 12], ("unknown",)))
            elif label != 0xF9:  # graphic control: timing and transparency
                kinds.add("unknown")
        elif block == 0x2C:  # an image: its descriptor, local colour table and LZW code size, then its data
            flags = data[pos + 9]
            pos += 10 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0) + 1
        else:
            raise ValueError("not a GIF block")
        while data[pos]:  # sub-blocks, each its length first, up to an empty one
            pos += data[pos] + 1
        pos += 1
    raise ValueError("no GIF trailer")


def icc_profiles(data: bytes) -> tuple[list[str], list[bytes]]:
    """The ICC colour profiles an image carries, and the names it gives them (a PNG's iCCP chunk names its
    profile: a monitor's, a photographer's name). Not metadata (find_metadata): a profile describes colours; but
    its description is text. Pillow's reading (a JPEG's APP2 segments joined, a PNG's unpacked); where Pillow
    cannot open the file (HEIC, AVIF), a profile stored whole, found by its signature ("acsp", 36 bytes in)."""
    icon = _icon_images(data) if data[:4] in (b"\0\0\1\0", b"\0\0\2\0") else None
    if icon is not None:  # a favicon: its PNGs' profiles
        found = [icc_profiles(image) for image in icon[0] if image.startswith(b"\x89PNG")]
        return [name for names, _ in found for name in names], [p for _, profiles in found for p in profiles]
    names = []
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        at = data.find(b"iCCP", 8)
        if at >= 0:
            names.append(data[at + 4: data.find(b"\0", at + 4)].decode("latin-1"))
    try:
        with _pillow_guard():
            with Image.open(io.BytesIO(data), formats=_PIL_FORMATS) as img:
                profile = img.info.get("icc_profile")
                return names, [profile] if profile else []
    except Exception:  # not an image Pillow knows
        pass
    profiles, at = [], data.find(b"acsp", 36)
    while at >= 0:
        start = at - 36
        profiles.append(data[start: start + struct.unpack(">I", data[start: start + 4])[0]])
        at = data.find(b"acsp", at + 4)
    return names, profiles


_PILLOW_INFO = {"exif": "EXIF", "xmp": "XMP", "XML:com.adobe.xmp": "XMP", "photoshop": "IPTC", "comment": "comment"}


def _pillow_kinds(data: bytes) -> set[str]:
    kinds: set[str] = set()
    try:
        with _pillow_guard():
            with Image.open(io.BytesIO(data), formats=_PIL_FORMATS) as img:
                if len(exif := img.getexif()):
                    kinds |= _exif_kinds(exif.tobytes())
                if getattr(img, "text", None):  # PNG text chunks, read up to IEND
                    kinds.add("text")
                info = dict(img.info)
    except Exception:  # not an image Pillow knows; the structural and byte checks still apply
        return kinds
    for key in info.keys() & _PILLOW_INFO.keys():
        kinds |= _exif_kinds(info[key]) if key == "exif" else {_PILLOW_INFO[key]}
    return kinds
