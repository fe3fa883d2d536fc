"""Pictures as they are meant to be seen: a phone photo's EXIF orientation applied, so that
layout measures, and render draws, the upright image."""
from __future__ import annotations

import io
from pathlib import Path

EXIF_ORIENTATION = 0x0112
TURNED = (5, 6, 7, 8)            # orientations that swap width and height


def orientation(im) -> int:
    try:
        return int(im.getexif().get(EXIF_ORIENTATION, 1))
    except Exception:             # a damaged EXIF block: take the pixels as they are
        return 1


def upright_size(path: str | Path) -> tuple[int, int]:
    from PIL import Image
    with Image.open(path) as im:
        w, h = im.size
        return (h, w) if orientation(im) in TURNED else (w, h)


def upright_data(path: str | Path) -> bytes:
    """The file's bytes, or, when its EXIF turns or mirrors it, the upright pixels as PNG."""
    from PIL import Image, ImageOps
    data = Path(path).read_bytes()
    with Image.open(io.BytesIO(data)) as im:
        if orientation(im) == 1:
            return data
        turned = ImageOps.exif_transpose(im)
        buf = io.BytesIO()
        turned.save(buf, format="PNG")
        return buf.getvalue()
