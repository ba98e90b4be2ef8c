"""Product pictures drawn with Pillow, so the demo shop needs no network and no stock photos.

Each picture is a coloured square with a few soft shapes and the product's initials.
The colours come from the product's top-level category (the shop reads as sections
at a glance) and the layout from a seed derived from the SKU, so the same product
always gets the same picture on every machine.
"""
import io
import random
import zlib

from PIL import Image, ImageDraw, ImageFont

SIZE = 480

# Background, shape and ink colours per top-level category.
PALETTES = {
    "Pantry": [("#E9C46A", "#F4A261", "#5A3E1B"), ("#D8A47F", "#EF8354", "#3D2C1E"),
               ("#A3B18A", "#DDA15E", "#283618")],
    "Kitchen": [("#8D99AE", "#B87333", "#1D232E"), ("#CAD2C5", "#52796F", "#1F2D2A"),
                ("#B5A68F", "#6B705C", "#2B2A26")],
    "Home": [("#C9ADA7", "#9A8C98", "#2D2433"), ("#B7C4A7", "#7F9172", "#22301F"),
             ("#E0C9A6", "#C56E4A", "#3B2418")],
}
DEFAULT_PALETTE = [("#DDDDDD", "#999999", "#222222")]


def initials(title: str) -> str:
    """Up to two capital letters from the title's significant words ("Stoneware Mug" -> "SM")."""
    small = {"and", "of", "the", "with", "set", "&"}
    words = [w for w in title.replace(",", " ").split() if w.lower() not in small and w[0].isalpha()]
    return "".join(w[0].upper() for w in words[:2]) or title[:1].upper()


def product_picture(sku: str, title: str, section: str, background: str = "") -> bytes:
    """A PNG for one product; the same arguments always give the same bytes.

    `background` (hex) overrides the section's colour: a throw sold in rust is drawn rust.
    """
    rng = random.Random(zlib.crc32(sku.encode()))
    drawn_background, accent, ink = rng.choice(PALETTES.get(section, DEFAULT_PALETTE))
    background = background or drawn_background
    image = Image.new("RGB", (SIZE, SIZE), background)
    draw = ImageDraw.Draw(image, "RGBA")
    accent_rgb = Image.new("RGB", (1, 1), accent).getpixel((0, 0))

    for _ in range(rng.randint(3, 6)):
        alpha = rng.randint(60, 150)
        x, y = rng.randint(-80, SIZE), rng.randint(-80, SIZE)
        size = rng.randint(70, 220)
        box = (x, y, x + size, y + size)
        shape = rng.choice(("circle", "square", "arc"))
        if shape == "circle":
            draw.ellipse(box, fill=(*accent_rgb, alpha))
        elif shape == "square":
            draw.rounded_rectangle(box, radius=size // 6, fill=(*accent_rgb, alpha))
        else:
            draw.arc(box, start=rng.randint(0, 180), end=rng.randint(200, 360),
                     fill=(*accent_rgb, min(alpha + 80, 255)), width=14)

    # A pale disc behind the initials keeps them legible whatever lies underneath.
    radius = SIZE // 4
    centre = SIZE // 2
    draw.ellipse((centre - radius, centre - radius, centre + radius, centre + radius),
                 fill=(255, 255, 255, 190))
    font = ImageFont.load_default(size=SIZE // 6)  # Pillow's bundled font: no system fonts needed
    draw.text((centre, centre), initials(title), fill=ink, font=font, anchor="mm")

    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
