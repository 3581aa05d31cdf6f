"""Reference data the migrations load: the training catalogue and the shadowing list (R-TRN-1, R-ROLE-4)."""
