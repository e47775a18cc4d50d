"""Reading and validating the data files: YAML source, models, checks, the loader."""
