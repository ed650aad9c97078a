"""What a secretariat receives, built with real tools: signed scans and garbled text layers.

- `signed_scan`: each page an image (a scan), with a VGCA-like signature stamp as a PDF annotation
  whose appearance stream holds real text (`Người ký`, `Cơ quan`, `Thời gian ký`), as e-office
  signing software writes it: reportlab draws the stamp, pikepdf makes it the appearance of a
  /Stamp annotation on the scanned page.
- `burnt_stamp_scan`: the same stamp drawn into the page content over the image (a text layer of a
  few words on an image page).
- `garbled_pdf`: a digital PDF whose text layer reads `6Ӣ C‘NG 7+ѬѪ1*` (the glyphs of a Vietnamese
  font embedded without a Unicode map), though the page shows Vietnamese.
- `mono_pdf`: a scan in black and white, one bit per pixel, as copiers and fax servers send them.
- `header_last_pdf`: a digital letter drawn body first and header last, as Aspose's eSignature
  writes them, its number left blank for the signing software's stamp (`3858` over `Số:   /SNV-TCBC`).
- `condensed_pdf`: a digital letter whose issuer is set in condensed capitals, each letter placed
  on its own inside the space's width before it, as Lâm Đồng's Sở VHTTDL letters are; PDFium drops
  those spaces (`SỞVĂNHÓA,THỂTHAOVÀDULỊCH`).
"""
from __future__ import annotations

import io
from pathlib import Path

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
STAMP = ["Người ký: Ủy ban nhân dân tỉnh Điện Biên", "Cơ quan: Tỉnh Điện Biên", "Thời gian ký: 05.08.2021 16:20:11 +07:00"]


def _register(name: str, path: str) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, path))


def _stamp_pdf(width: float = 230, height: float = 46) -> bytes:
    """One small page: the signature stamp's text, in a real embedded font."""
    from reportlab.pdfgen import canvas

    _register("DejaVuSerif", FONT)
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(width, height))
    page.setFont("DejaVuSerif", 7)
    for number, line in enumerate(STAMP):
        page.drawString(4, height - 12 - 11 * number, line)
    page.save()
    return buffer.getvalue()


def signed_scan(scanned_pdf: Path, out_dir: Path) -> Path:
    """`scanned_pdf` with the signature stamp as a /Stamp annotation on page 1 (top right)."""
    import pikepdf

    target = Path(out_dir) / f"{Path(scanned_pdf).stem}_signed.pdf"
    with pikepdf.open(scanned_pdf) as pdf, pikepdf.open(io.BytesIO(_stamp_pdf())) as stamp:
        page = pdf.pages[0]
        appearance = pdf.copy_foreign(stamp.pages[0].as_form_xobject())
        _, _, right, top = (float(v) for v in page.mediabox)
        rect = [right - 250, top - 60, right - 20, top - 14]
        annotation = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Stamp, Rect=rect, F=4,
            Contents=pikepdf.String("; ".join(STAMP)), AP=pikepdf.Dictionary(N=appearance)))
        page.obj["/Annots"] = pdf.make_indirect(pikepdf.Array([annotation]))
        pdf.save(target)
    return target


def burnt_stamp_scan(scanned_pdf: Path, out_dir: Path) -> Path:
    """`scanned_pdf` with the stamp's words drawn into page 1's content, over the image."""
    import pikepdf

    target = Path(out_dir) / f"{Path(scanned_pdf).stem}_burnt.pdf"
    with pikepdf.open(scanned_pdf) as pdf, pikepdf.open(io.BytesIO(_stamp_pdf())) as stamp:
        page = pikepdf.Page(pdf.pages[0])
        form = pdf.copy_foreign(stamp.pages[0].as_form_xobject())
        _, _, right, top = (float(v) for v in page.mediabox)
        name = page.add_resource(form, pikepdf.Name.XObject, prefix="Stamp")
        page.contents_add(pdf.make_stream(f"q 1 0 0 1 {right - 250:.1f} {top - 60:.1f} cm {name} Do Q".encode()))
        pdf.save(target)
    return target


def garbled_pdf(out_dir: Path) -> Path:
    """A page whose text layer is the garbage a font without a Unicode map yields."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _register("DejaVuSerif", FONT)
    target = Path(out_dir) / "garbled.pdf"
    page = canvas.Canvas(str(target), pagesize=A4)
    page.setFont("DejaVuSerif", 13)
    lines = ["8\u1ef6 %$1 1+Ӏ1 'Ӏ1 7Ӌ1+ Ĉ,Ӊ1 %,Ç1", "6Ӣ C‘NG 7+ѬѪ1* &Ӝ1* H“A XÃ HӜI CHӪ NGHƬA VIӊT NAM",
             "Ĉӝc lұp - Tӵ do - Hҥnh phúc", "6ӕ: 2458/8%1'-1&", "ĈLӋn %Lên, ngày 05 tháng 8 năm 2021"] * 6
    for number, line in enumerate(lines):
        page.drawString(60, 780 - 22 * number, line)
    page.save()
    return target


def mono_pdf(scanned_pdf: Path, out_dir: Path) -> Path:
    """`scanned_pdf` as a black-and-white (1 bit per pixel) scan, as office copiers and fax
    servers write them (the real `lit_*` scans are CCITT bilevel images)."""
    import pypdfium2 as pdfium

    target = Path(out_dir) / f"{Path(scanned_pdf).stem}_mono.pdf"
    document = pdfium.PdfDocument(str(scanned_pdf))
    try:
        pages = [document[i].render(scale=200 / 72, grayscale=True).to_pil().convert("L") for i in range(len(document))]
    finally:
        document.close()
    bilevel = [page.point(lambda v: 255 if v > 160 else 0).convert("1") for page in pages]
    bilevel[0].save(target, "PDF", save_all=True, append_images=bilevel[1:], resolution=200.0)
    return target


HEADER_LAST = [("UBND TỈNH LÂM ĐỒNG", 70, 800), ("SỞ NỘI VỤ", 95, 786), ("Số:           /SNV-TCBC", 70, 766),
               ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 800), ("Độc lập - Tự do - Hạnh phúc", 330, 786),
               ("Lâm Đồng, ngày 29 tháng 12 năm 2025", 320, 766), ("V/v báo cáo tình hình hội năm 2025", 60, 748)]
BODY_FIRST = [("Kính gửi: Ủy ban nhân dân tỉnh.", 200, 700),
              ("Thực hiện Công văn số 11902/BNV-TCPCP ngày 11/12/2025 của Bộ Nội vụ về báo cáo hội,", 70, 676),
              ("Sở Nội vụ kính trình UBND tỉnh xem xét, báo cáo Bộ Nội vụ theo quy định./.", 70, 660),
              ("Nơi nhận:", 70, 620), ("- Như trên;", 70, 606), ("- Lưu: VT, TCBC.", 70, 592),
              ("KT. GIÁM ĐỐC", 380, 620), ("PHÓ GIÁM ĐỐC", 380, 606), ("Nguyễn Đức Vũ", 380, 560)]


def header_last_pdf(out_dir: Path) -> Path:
    """A one-page letter whose content draws the body and signature first and the header last,
    with its number stamped by an annotation in the blank of `Số:`."""
    import pikepdf
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _register("DejaVuSerif", FONT)
    drawn, target = Path(out_dir) / "header_last_unsigned.pdf", Path(out_dir) / "header_last.pdf"
    page = canvas.Canvas(str(drawn), pagesize=A4)
    page.setFont("DejaVuSerif", 11)
    for line, x, y in BODY_FIRST + HEADER_LAST:
        page.drawString(x, y, line)
    page.save()
    buffer = io.BytesIO()
    number = canvas.Canvas(buffer, pagesize=(40, 16))
    number.setFont("DejaVuSerif", 11)
    number.drawString(2, 4, "3858")
    number.save()
    with pikepdf.open(drawn) as pdf, pikepdf.open(io.BytesIO(buffer.getvalue())) as stamp:
        appearance = pdf.copy_foreign(stamp.pages[0].as_form_xobject())
        annotation = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Stamp, Rect=[95, 762, 135, 778], F=4,
            AP=pikepdf.Dictionary(N=appearance)))
        pdf.pages[0].obj["/Annots"] = pdf.make_indirect(pikepdf.Array([annotation]))
        pdf.save(target)
    return target


CONDENSED_HEADER = ["UBND TỈNH LÂM ĐỒNG", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"]
CONDENSED_BODY = ["Số: 892/SVHTTDL-VP", "Lâm Đồng, ngày 03 tháng 9 năm 2025", "Kính gửi: Sở Nội vụ tỉnh Lâm Đồng",
                  "Sở Văn hóa, Thể thao và Du lịch tỉnh Lâm Đồng nhận được Công văn số 1189/SNV-VP",
                  "ngày 29/8/2025 của Sở Nội vụ tỉnh Lâm Đồng. Administrative reform (English words stay)."]


def condensed_pdf(out_dir: Path, squeeze: float = 1.6) -> Path:
    """The header's lines drawn letter by letter, each `squeeze` points left of where the one before
    it ends (the space too), the body as ordinary lines."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    _register("DejaVuSerif", FONT)
    target = Path(out_dir) / "condensed.pdf"
    page = canvas.Canvas(str(target), pagesize=A4)
    for number, line in enumerate(CONDENSED_HEADER):
        text = page.beginText(60, 780 - 20 * number)
        text.setFont("DejaVuSerif", 12)
        for letter in line:
            text.textOut(letter)
            text.moveCursor(pdfmetrics.stringWidth(letter, "DejaVuSerif", 12) - squeeze, 0)
        page.drawText(text)
    page.setFont("DejaVuSerif", 12)
    for number, line in enumerate(CONDENSED_BODY):
        page.drawString(60, 740 - 20 * number, line)
    page.save()
    return target


TASK_TABLE = [("Stt", "Nội dung", "Đơn vị thực hiện", "Thời gian (hạn cuối)"),
              ("1", "Lên kế hoạch làm đề", "Ban đề thi", "15/06/2015"),
              ("2", "Chuẩn bị dữ liệu thi", "Phòng Đào tạo", "20/06/2015"),
              ("3", "Công bố điểm", "Hội đồng thi", "17/07/2015")]


def scanned_task_table(out_dir: Path, rows=TASK_TABLE, broken: bool = False) -> Path:
    """A page of a school's plan scanned at 200 dpi (PIL draws it, as a scanner gives it: gray
    rules two pixels thin): a heading, then the plan's tasks in a ruled table, one unit and one
    day per row. `broken`: the scan lost a stretch of each vertical rule, as a faint copy does."""
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 30)
    draw.text((220, 200), "6. Kế hoạch thực hiện:", font=font, fill=0)
    columns, top, height = (150, 250, 760, 1100, 1520), 280, 110
    for index, row in enumerate(rows):
        for cell, left in zip(row, columns, strict=False):
            draw.text((left + 18, top + index * height + 35), cell, font=font, fill=0)
    bottom = top + len(rows) * height
    for y in range(top, bottom + 1, height):
        draw.line([(columns[0], y), (columns[-1], y)], fill=90, width=2)
    for x in columns:
        draw.line([(x, top), (x, bottom)], fill=90, width=2)
        if broken:
            draw.line([(x, top + height + 10), (x, top + 2 * height - 10)], fill=255, width=4)
    target = Path(out_dir) / "task_table_scan.png"
    page.save(target, dpi=(200, 200))
    return target


def digital_task_table(out_dir: Path, rows=TASK_TABLE) -> Path:
    """A digital plan (reportlab writes it, its font embedded) whose tasks stand in a ruled table
    drawn cell by cell, its unit and day cells wrapped over two lines, as word processors export."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    _register("DejaVuSerif", FONT)
    style = ParagraphStyle("cell", fontName="DejaVuSerif", fontSize=11, leading=14)
    target = Path(out_dir) / "task_table.pdf"
    data = [[Paragraph(cell, style) for cell in row] for row in rows]
    table = Table(data, colWidths=[40, 200, 110, 110])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    SimpleDocTemplate(str(target), pagesize=A4).build([Paragraph("6. Kế hoạch thực hiện:", style), table])
    return target
