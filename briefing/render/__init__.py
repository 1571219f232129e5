"""From content to the booklet's PDF: HTML, typesetting, layout, the variants' steps, stamping."""
