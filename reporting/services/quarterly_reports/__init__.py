"""The quarterly report (R-SUP-5): `report` (the period, the scope, how figures are declared and
computed), `bases` (each model's rows of a period), `figures` and `oversight_figures` (every figure,
declared once) and `export` (the report as a spreadsheet)."""
