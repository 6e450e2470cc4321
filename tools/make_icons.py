"""Draws Montage's app icons (PNG) from the shapes of workouts/static/workouts/img/icon.svg.

Pure Python (no Pillow): the shapes are filled by testing each sub-pixel, 4x4 per pixel.
Run from the project root: `python tools/make_icons.py`; the PNGs are committed.
"""

import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "workouts" / "static" / "workouts" / "img"
STEEL = (0x1F, 0x2A, 0x36)
SNOW = (0xF4, 0xF1, 0xEA)
RED = (0xC8, 0x10, 0x2E)
# The "M" of icon.svg (viewBox 64x64).
M = [
    (14, 48),
    (14, 16),
    (22, 16),
    (32, 32),
    (42, 16),
    (50, 16),
    (50, 48),
    (42, 48),
    (42, 30),
    (32, 45),
    (22, 30),
    (22, 48),
]
BAR = (14, 52, 50, 56)
SAMPLES = 4


def inside(poly, x, y):
    hit = False
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def colour_at(x, y, radius, full_bleed):
    """The icon's colour at (x, y) in viewBox units, None outside the rounded square."""
    if not full_bleed:
        cx, cy = min(max(x, radius), 64 - radius), min(max(y, radius), 64 - radius)
        if (x - cx) ** 2 + (y - cy) ** 2 > radius**2:
            return None
    if BAR[0] <= x <= BAR[2] and BAR[1] <= y <= BAR[3]:
        return RED
    if inside(M, x, y):
        return SNOW
    return STEEL


def draw(size, scale=1.0, full_bleed=False):
    """RGBA rows; `scale` < 1 shrinks the drawing about the centre (a maskable icon's safe zone)."""
    rows = []
    step = 64 / size
    for py in range(size):
        row = bytearray()
        for px in range(size):
            totals = [0, 0, 0, 0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = (px + (sx + 0.5) / SAMPLES) * step
                    y = (py + (sy + 0.5) / SAMPLES) * step
                    x, y = 32 + (x - 32) / scale, 32 + (y - 32) / scale
                    if full_bleed and not (0 <= x <= 64 and 0 <= y <= 64):
                        colour = STEEL
                    else:
                        colour = colour_at(x, y, 12, full_bleed)
                    if colour is not None:
                        totals[0] += colour[0]
                        totals[1] += colour[1]
                        totals[2] += colour[2]
                        totals[3] += 255
            n = SAMPLES * SAMPLES
            alpha = totals[3] // n
            if alpha:
                row += bytes(round(c * 255 / totals[3]) for c in totals[:3]) + bytes([alpha])
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return rows


def png(rows, size):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\0" + row for row in rows)
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main():
    icons = {
        "icon-192.png": (192, 1.0, False),
        "icon-512.png": (512, 1.0, False),
        # Maskable: full bleed, the drawing inside the central 80% safe zone.
        "icon-maskable-512.png": (512, 0.8, True),
        "apple-touch-icon.png": (180, 1.0, True),
    }
    for name, (size, scale, bleed) in icons.items():
        (OUT / name).write_bytes(png(draw(size, scale, bleed), size))
        print("wrote", OUT / name)


if __name__ == "__main__":
    main()
