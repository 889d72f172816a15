"""Stage 4: printer profiles, faces placed on sheets or pages (imposition, marks), and the files
written atomically: the PDF, or one PNG per face for print services."""
