"""One writer per real export format. Each returns the file's exact bytes; nothing here reads a clock."""
