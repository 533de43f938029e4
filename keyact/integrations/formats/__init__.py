"""The formats keyact imports: each turns the files of an upload into normalised records."""
