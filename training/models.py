"""The eleven-training checklist (R-TRN-*): built by the training issue."""
