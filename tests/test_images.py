"""Tests for hefte.render.images: refusing unsafe images and stripping personal metadata."""

from __future__ import annotations

import io
import os
import re
import struct
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, ImageFile, PngImagePlugin

from hefte.render import images
from hefte.errors import HefteError
from hefte.render.images import ImageError, clean_copy, effective_dpi, find_metadata, inspect

NAME = b"Oddvar Testesen"
SECRETS = (NAME, b"Testkamera", b"TK-1000", b"SN-99887766", b"THUMBNAIL-SECRET", b"Exif", b"xmpmeta", b"8BIM")
XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Oddvar Testesen</dc:creator>'
    b"</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
)
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def two_colour(width=60, height=40, mode="RGB") -> Image.Image:
    """Left half red, right half blue, so rotation is visible in the pixels."""
    img = Image.new(mode, (width, height), "blue")
    img.paste("red", (0, 0, width // 2, height))
    return img


def exif_with_thumbnail(orientation: int = 6) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = NAME.decode()
    exif[ExifTags.Base.Make] = "Testkamera AS"
    exif[ExifTags.Base.Model] = "TK-1000"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SN-99887766"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (59.0, 54.0, 41.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (10.0, 45.0, 7.0)
    raw = exif.tobytes()
    # Pillow cannot write IFD1, so append one by hand: a real camera's embedded thumbnail.
    tiff = bytearray(raw[6:])
    e = "<" if tiff[:2] == b"II" else ">"
    (count,) = struct.unpack(e + "H", tiff[8:10])
    next_ifd_at = 10 + 12 * count
    thumb = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(thumb, "JPEG", comment=b"THUMBNAIL-SECRET")
    thumb = thumb.getvalue()
    if len(tiff) % 2:
        tiff += b"\x00"
    ifd1_at = len(tiff)
    thumb_at = ifd1_at + 2 + 3 * 12 + 4
    tiff[next_ifd_at : next_ifd_at + 4] = struct.pack(e + "I", ifd1_at)
    tiff += struct.pack(e + "H", 3)
    tiff += struct.pack(e + "HHIHH", 0x0103, 3, 1, 6, 0)  # Compression: JPEG
    tiff += struct.pack(e + "HHII", 0x0201, 4, 1, thumb_at)  # JPEGInterchangeFormat
    tiff += struct.pack(e + "HHII", 0x0202, 4, 1, len(thumb))  # JPEGInterchangeFormatLength
    tiff += struct.pack(e + "I", 0) + thumb
    return b"Exif\x00\x00" + bytes(tiff)


def iptc_segment() -> bytes:
    record = b"\x1c\x02\x50" + struct.pack(">H", len(NAME)) + NAME  # IPTC 2:80 By-line
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(record)) + record
    payload = b"Photoshop 3.0\x00" + resource + (b"\x00" if len(record) % 2 else b"")
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def phone_jpeg(path: Path) -> Path:
    buf = io.BytesIO()
    comment = b"Tatt av Oddvar Testesen"
    two_colour().save(buf, "JPEG", quality=95, exif=exif_with_thumbnail(6), xmp=XMP, comment=comment, icc_profile=SRGB_ICC)
    data = buf.getvalue()
    path.write_bytes(data[:2] + iptc_segment() + data[2:])
    return path


def png_with_text(path: Path) -> Path:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", NAME.decode())
    info.add_text("Description", "Hytta til Oddvar", zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    info.add(b"tIME", struct.pack(">HBBBBB", 2024, 5, 17, 12, 0, 0))
    info.add(b"tEXt", b"Comment\x00Oddvar Testesen was here", after_idat=True)
    two_colour().save(path, "PNG", pnginfo=info, exif=exif_with_thumbnail(1))
    return path


def png_chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A tiny file claiming a huge picture: what a decompression bomb looks like from the outside."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b""))
    return path


@pytest.fixture
def root(tmp_path):
    folder = tmp_path / "prosjekt"
    folder.mkdir()
    return folder


def assert_clean(path: Path):
    data = path.read_bytes()
    assert find_metadata(data) == []
    for secret in SECRETS:
        assert secret not in data, secret
    with Image.open(path) as img:
        assert len(img.getexif()) == 0
        assert not (set(img.info) & {"exif", "xmp", "comment", "photoshop", "icc_profile", "Author"})


def test_find_metadata_sees_everything_a_phone_jpeg_carries(root):
    kinds = find_metadata(phone_jpeg(root / "foto.jpg"))
    assert kinds == ["EXIF", "GPS", "XMP", "IPTC", "comment", "thumbnail"]


def test_find_metadata_in_png(root):
    kinds = find_metadata(png_with_text(root / "tegning.png"))
    assert kinds == ["EXIF", "GPS", "XMP", "comment", "text", "time", "thumbnail"]


def test_find_metadata_ignores_icc_and_accepts_bytes(root):
    buf = io.BytesIO()
    two_colour().save(buf, "JPEG", icc_profile=SRGB_ICC)
    assert find_metadata(buf.getvalue()) == []
    (root / "icc.jpg").write_bytes(buf.getvalue())
    assert find_metadata(root / "icc.jpg") == find_metadata(str(root / "icc.jpg")) == []


def test_find_metadata_byte_scan_catches_what_parsers_miss():
    # Not a parseable image at all, but the marker strings betray leftover metadata.
    blob = b"garbage Exif\x00\x00 more http://ns.adobe.com/xap/1.0/ and Photoshop 3.0"
    assert find_metadata(blob) == ["EXIF", "XMP", "IPTC"]


def test_find_metadata_flags_trailing_data_and_unknown_segments(root):
    buf = io.BytesIO()
    two_colour().save(buf, "JPEG")
    data = buf.getvalue()
    assert find_metadata(data + b"\x00\x00") == []
    assert "trailing" in find_metadata(data + b"ftypmp42 motion photo video")
    app11 = b"\xff\xeb\x00\x08JUMB\x00\x00"  # e.g. C2PA content credentials
    assert find_metadata(data[:2] + app11 + data[2:]) == ["unknown"]


def test_clean_copy_strips_all_jpeg_metadata_and_applies_orientation(root, tmp_path):
    src = phone_jpeg(root / "foto.jpg")
    out = tmp_path / "web" / "foto.jpg"
    info = clean_copy(src, out)

    assert info.path == out and info.format == "JPEG"
    assert (info.width, info.height) == (40, 60)  # orientation 6: stored 60x40, shown upright as 40x60
    assert info.metadata_kinds == () and not info.has_metadata
    assert_clean(out)
    with Image.open(out) as img:
        assert img.size == (40, 60)
        top, bottom = img.getpixel((20, 5)), img.getpixel((20, 55))
    # rotated 90° clockwise: what was the left (red) half is now on top
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60
    assert oct(out.stat().st_mode & 0o777) == oct(0o644)
    assert [p.name for p in out.parent.iterdir()] == ["foto.jpg"]  # no temporary file left behind


def test_clean_copy_strips_png_text_and_keeps_png(root, tmp_path):
    out = tmp_path / "tegning.png"
    info = clean_copy(png_with_text(root / "tegning.png"), out)
    assert info.format == "PNG" and (info.width, info.height) == (60, 40)
    assert_clean(out)
    with Image.open(out) as img:
        assert img.format == "PNG"
        assert not getattr(img, "text", {})


def test_clean_copy_palette_png_with_transparency(root, tmp_path):
    src = root / "logo.png"
    two_colour().convert("P").save(src, transparency=0)
    info = clean_copy(src, tmp_path / "logo.png")
    assert info.has_alpha
    with Image.open(info.path) as out:
        assert out.mode == "RGBA"


def test_clean_copy_is_deterministic(root, tmp_path):
    for src in (phone_jpeg(root / "foto.jpg"), png_with_text(root / "t.png")):
        first = clean_copy(src, tmp_path / f"a{src.suffix}").path.read_bytes()
        assert clean_copy(src, tmp_path / f"b{src.suffix}").path.read_bytes() == first


def test_clean_copy_downscales_for_web(root, tmp_path):
    info = clean_copy(phone_jpeg(root / "foto.jpg"), tmp_path / "small.jpg", max_width=20)
    assert (info.width, info.height) == (20, 30)
    info = clean_copy(phone_jpeg(root / "foto.jpg"), tmp_path / "same.jpg", max_width=4000)
    assert (info.width, info.height) == (40, 60)


def test_clean_copy_webp_becomes_jpeg_or_png(root, tmp_path):
    opaque, transparent = root / "opaque.webp", root / "transparent.webp"
    two_colour().save(opaque, "WEBP", exif=exif_with_thumbnail(1), xmp=XMP)
    assert {"EXIF", "GPS", "XMP"} <= set(find_metadata(opaque))
    see_through = two_colour(mode="RGBA")
    see_through.putalpha(128)  # libwebp drops an alpha channel that is fully opaque
    see_through.save(transparent, "WEBP", exif=exif_with_thumbnail(1))

    info = clean_copy(opaque, tmp_path / "opaque.webp")
    assert info.format == "JPEG" and info.path == tmp_path / "opaque.jpg"
    assert_clean(info.path)
    assert not inspect(opaque, root).has_alpha

    info = clean_copy(transparent, tmp_path / "transparent.webp")
    assert info.format == "PNG" and info.path == tmp_path / "transparent.png" and info.has_alpha
    assert_clean(info.path)
    assert inspect(transparent, root).has_alpha


def test_clean_copy_keeps_a_published_jpg_name_with_transparency_on_white(root, tmp_path):
    # The website links a WebP photo as <hash>.jpg: a see-through WebP written as .png broke that link (the build
    # stopped on the missing file). Under keep_suffix the name holds, and the see-through parts lie on white.
    transparent = root / "transparent.webp"
    see_through = Image.new("RGBA", (40, 20), (0, 0, 0, 0))
    see_through.paste((200, 30, 30, 255), (0, 0, 20, 20))
    see_through.save(transparent, "WEBP", lossless=True)

    info = clean_copy(transparent, tmp_path / "abc123.jpg", keep_suffix=True)
    assert info.format == "JPEG" and info.path == tmp_path / "abc123.jpg" and not info.has_alpha
    assert_clean(info.path)
    with Image.open(info.path) as written:
        assert written.format == "JPEG"
        assert min(written.convert("RGB").getpixel((35, 10))) > 240  # white where it was see-through, not black
        assert written.convert("RGB").getpixel((5, 10))[0] > 150


@pytest.mark.parametrize(("mode", "expected"), [("CMYK", "RGB"), ("L", "L")])
def test_clean_copy_other_colour_modes(root, tmp_path, mode, expected):
    # Grey needs no conversion at all: only the fresh image stops Pillow re-saving .info["comment"].
    two_colour().convert(mode).save(root / "t.jpg", "JPEG", exif=exif_with_thumbnail(1), comment=NAME, xmp=XMP)
    info = clean_copy(root / "t.jpg", tmp_path / "t.jpg")
    with Image.open(info.path) as img:
        assert img.mode == expected
        assert mode != "CMYK" or img.getpixel((5, 20))[0] > 200  # CMYK red is still red
    assert_clean(info.path)


def test_clean_copy_survives_broken_colour_profile_and_16_bit_grey(root, tmp_path):
    two_colour().save(root / "rar.jpg", "JPEG", icc_profile=b"not really a profile")
    info = clean_copy(root / "rar.jpg", tmp_path / "rar.jpg")
    assert_clean(info.path)
    grey = Image.new("I;16", (10, 10))
    grey.putpixel((0, 0), 65535)
    grey.putpixel((1, 0), 32768)
    grey.save(root / "grey.png")
    with Image.open(clean_copy(root / "grey.png", tmp_path / "grey.png").path) as img:
        # scaled to 8 bits, not clipped to white
        assert img.mode == "L" and img.getpixel((0, 0)) == 255 and img.getpixel((1, 0)) == 127


@pytest.mark.parametrize("kwargs", [{"quality": 0}, {"quality": 96}, {"max_width": 0}])
def test_clean_copy_rejects_bad_arguments(root, tmp_path, kwargs):
    with pytest.raises(ValueError):
        clean_copy(phone_jpeg(root / "foto.jpg"), tmp_path / "x.jpg", **kwargs)


def test_clean_copy_refuses_bombs_too(root, tmp_path):
    with pytest.raises(ImageError) as err:
        clean_copy(png_header_only(root / "bomb.png", 100_000, 100_000), tmp_path / "out.png")
    assert err.value.code == "image.bomb"
    assert not (tmp_path / "out.png").exists()


def test_inspect_reports_size_and_metadata(root):
    phone_jpeg(root / "foto.jpg")
    info = inspect(Path("foto.jpg"), root)
    assert info.path == (root / "foto.jpg").resolve()
    assert (info.format, info.width, info.height) == ("JPEG", 40, 60)
    assert info.has_metadata
    assert info.metadata_kinds == ("EXIF", "GPS", "XMP", "IPTC", "comment", "thumbnail")
    assert inspect(root / "foto.jpg", root) == info  # absolute paths inside root are fine too
    (root / "alias.jpg").symlink_to(root / "foto.jpg")  # and so are links that stay inside
    assert inspect(Path("alias.jpg"), root) == info


def code_of(path, root) -> str:
    with pytest.raises(ImageError) as err:
        inspect(path, root)
    assert isinstance(err.value, HefteError)
    return err.value.code


def test_inspect_refuses_decompression_bombs_from_the_header(root):
    # 10 000 Mpx trips Pillow's own check; 81 Mpx is below Pillow's (~89 Mpx) but above ours
    assert code_of(png_header_only(root / "bomb.png", 100_000, 100_000), root) == "image.bomb"
    with pytest.raises(ImageError) as err:
        inspect(png_header_only(root / "big.png", 9000, 9000), root)
    assert err.value.code == "image.bomb" and err.value.params["megapixels"] == "81"
    assert "81 megapiksler" in err.value.message("nb")


def test_inspect_checks_pixels_before_decoding(root, monkeypatch):
    two_colour(100, 100).save(root / "ok.png")
    monkeypatch.setattr(images, "MAX_PIXELS", 5000)

    def no_decoding(self):
        raise AssertionError("pixels were decoded before the size check")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load_prepare", no_decoding)
    assert code_of(Path("ok.png"), root) == "image.bomb"


def test_inspect_refuses_too_large_file(root, monkeypatch):
    phone_jpeg(root / "foto.jpg")
    monkeypatch.setattr(images, "MAX_FILE_BYTES", 100)
    assert code_of(Path("foto.jpg"), root) == "image.too-large"


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("anim.gif", None, "GIF"),
        ("scan.tiff", None, "TIFF"),
        ("iphone.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 40, "HEIC"),
        ("tegning.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"),
    ],
)
def test_inspect_refuses_other_formats_with_advice(root, name, content, fmt):
    path = root / name
    if content is None:
        two_colour().save(path)
    else:
        path.write_bytes(content)
    with pytest.raises(ImageError) as err:
        inspect(Path(name), root)
    assert err.value.code == "image.format" and err.value.params["format"] == fmt
    assert "Lagre bildet som JPEG eller PNG" in err.value.message("nb")
    assert "Save it as JPEG" in err.value.message("en")


def test_inspect_refuses_paths_outside_root(root, tmp_path):
    outside = tmp_path / "privat"
    outside.mkdir()
    phone_jpeg(outside / "x.jpg")
    phone_jpeg(tmp_path / "x.jpg")
    (root / "lenke.jpg").symlink_to(outside / "x.jpg")
    (root / "mappe").mkdir()
    (root / "mappe" / "lenke").symlink_to(outside)

    assert code_of(Path("lenke.jpg"), root) == "image.outside"
    assert code_of(Path("mappe/lenke/x.jpg"), root) == "image.outside"
    assert code_of(Path("../x.jpg"), root) == "image.outside"
    assert code_of(Path("mappe/../../x.jpg"), root) == "image.outside"
    assert code_of(outside / "x.jpg", root) == "image.outside"
    # a dangling link out of root is "outside", not "missing": do not reveal what exists there
    (root / "borte.jpg").symlink_to(outside / "finnes-ikke.jpg")
    assert code_of(Path("borte.jpg"), root) == "image.outside"


def test_inspect_missing(root):
    assert code_of(Path("finnes-ikke.jpg"), root) == "image.missing"
    (root / "mappe.jpg").mkdir()
    assert code_of(Path("mappe.jpg"), root) == "image.unreadable"


def test_inspect_unreadable(root, monkeypatch):
    # WeasyPrint sets this on import; truncated files must still be refused, and the setting left alone.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    (root / "tom.jpg").write_bytes(b"")
    (root / "tull.jpg").write_bytes(os.urandom(2048))
    (root / "tekst.png").write_text("dette er ikke et bilde")
    noise = Image.effect_noise((300, 300), 80).convert("RGB")
    for fmt in ("JPEG", "PNG"):  # cut off halfway, as an interrupted upload would be
        noise.save(buf := io.BytesIO(), fmt)
        (root / f"halv.{fmt.lower()}").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    for name in ("tom.jpg", "tull.jpg", "tekst.png", "halv.jpeg", "halv.png"):
        assert code_of(Path(name), root) == "image.unreadable", name
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_effective_dpi():
    assert effective_dpi(1600, 1200, 135.5) == pytest.approx(300, abs=0.5)
    assert effective_dpi(3000, 2000, 254) == pytest.approx(300)
    # the weaker axis decides: 2000 px over 254 mm is only 200 dpi
    assert effective_dpi(3000, 2000, 254, 254) == pytest.approx(200)
    assert effective_dpi(1000, 1000, 25.4, 50.8) == pytest.approx(500)
    for bad in ((0, 10, 10), (10, 10, 0), (10, 10, 10, 0), (10, 10, -5)):
        with pytest.raises(ValueError):
            effective_dpi(*bad)


def test_messages_exist_in_both_languages_and_render():
    codes = {"image.missing", "image.unreadable", "image.format", "image.too-large", "image.bomb", "image.outside"}
    assert set(images.MESSAGES) == codes
    params = dict(name="bilde.gif", format="GIF", size_mb="45.0", limit_mb="30", megapixels="100", limit_mp="60")
    for code, (nb, en) in images.MESSAGES.items():
        assert nb != en
        for lang in ("nb", "en"):
            text = images.render(code, lang, **params)
            assert not re.search(r"[{}]", text), text
            assert "bilde.gif" in text
    # a missing detail must not break the message itself
    assert "?" in ImageError("image.bomb", Path("x.png"), name="x.png").message("en")
