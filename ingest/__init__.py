"""Files to chunks: load, clean, infer metadata, split along the documents' structure."""
