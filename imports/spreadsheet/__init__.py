"""Import practices from a CSV or XLSX spreadsheet with the export's columns."""
