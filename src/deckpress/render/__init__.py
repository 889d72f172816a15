"""Stage 3: each distinct card face drawn once into a PDF form, with its text fitted, its fonts
and images embedded, and what a print shop would question noted as findings."""
